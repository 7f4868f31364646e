using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications;

/// <summary>
/// A channel as the API shows it: <see cref="Settings"/> the settings that may be shown, <see cref="Secrets"/> each secret
/// setting masked (<see cref="Mask"/>); a secret's value is never part of it.
/// </summary>
public sealed record ChannelView(
    Guid Id,
    string Name,
    string Type,
    bool Enabled,
    JsonObject Settings,
    IReadOnlyDictionary<string, string> Secrets,
    string? SubjectTemplate,
    string? BodyTemplate,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public const string Hidden = "••••";

    /// <summary>Long enough that showing its last four characters, to tell secrets apart, leaves it unguessable.</summary>
    public const int MinLengthShowingEnd = 12;

    public static ChannelView From(ChannelRecord channel, IChannelSecrets secrets, ILogger logger) => new(
        channel.Id,
        channel.Name,
        channel.Type,
        channel.Enabled,
        channel.Settings,
        Masks(channel, secrets, logger),
        channel.SubjectTemplate,
        channel.BodyTemplate,
        channel.CreatedAt,
        channel.UpdatedAt);

    /// <summary><see cref="Hidden"/>, followed by the last four characters of a secret of at least <see cref="MinLengthShowingEnd"/>.</summary>
    public static string Mask(JsonNode? secret) =>
        secret?.GetValueKind() == System.Text.Json.JsonValueKind.String && secret.GetValue<string>() is { Length: >= MinLengthShowingEnd } text
            ? Hidden + text[^4..]
            : Hidden;

    private static SortedDictionary<string, string> Masks(ChannelRecord channel, IChannelSecrets secrets, ILogger logger)
    {
        var masks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (channel.Secrets is null)
        {
            return masks;
        }

        try
        {
            foreach (var (name, value) in secrets.Unprotect(channel.Secrets))
            {
                masks[name] = Mask(value);
            }
        }
        catch (CryptographicException e)
        {
            // The key ring lost the key (a restored database without data_protection_keys): the channel still shows, and
            // saving its secrets again repairs it.
            logger.LogWarning("⚠️ The secrets of notification channel {ChannelId} cannot be decrypted: {Reason}", channel.Id, e.Message);
        }

        return masks;
    }
}
