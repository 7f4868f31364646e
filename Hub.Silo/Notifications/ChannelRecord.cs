using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications;

/// <summary>
/// A <c>notification_channels</c> row: <see cref="Settings"/> the settings that may be shown, <see cref="Secrets"/> the
/// <see cref="IChannelSecrets"/> ciphertext of the others (null: none).
/// </summary>
public sealed record ChannelRecord(
    Guid Id,
    string Name,
    string Type,
    bool Enabled,
    JsonObject Settings,
    byte[]? Secrets,
    string? SubjectTemplate,
    string? BodyTemplate,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>
    /// The settings with the secrets decrypted, as the channel's type reads them; throws
    /// <see cref="System.Security.Cryptography.CryptographicException"/> when the secrets cannot be decrypted.
    /// </summary>
    public JsonObject SettingsWith(IChannelSecrets secrets)
    {
        var all = (JsonObject)Settings.DeepClone();
        if (Secrets is { } protectedSecrets)
        {
            foreach (var (name, value) in secrets.Unprotect(protectedSecrets))
            {
                all[name] = value?.DeepClone();
            }
        }

        return all;
    }
}
