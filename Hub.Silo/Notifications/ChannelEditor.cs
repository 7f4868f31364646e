using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications;

/// <summary>
/// Turns a channel body into the row to write: the settings merged with the stored ones (a secret left out keeps its
/// value, a setting given as null is removed), then checked as a whole by the channel's type, the address rule over what
/// it connects to, and the templates parsed; the secret settings encrypted apart from the others.
/// </summary>
public sealed class ChannelEditor(NotificationChannels channels, IChannelSecrets secrets, ChannelTargets targets, INotificationTemplates templates)
{
    /// <summary>The row to write (new when <paramref name="stored"/> is null), or the errors by field (<c>settings.&lt;name&gt;</c> for a setting).</summary>
    public async Task<(ChannelRecord? Channel, Dictionary<string, string[]>? Errors)> ApplyAsync(
        ChannelInput input, ChannelRecord? stored, CancellationToken cancellationToken)
    {
        var typeName = stored?.Type ?? input.Type!;
        if (channels.Find(typeName) is not { } type)
        {
            var known = channels.Types.Count == 0 ? "none is installed" : $"expected one of {string.Join(", ", channels.Types.Order(StringComparer.Ordinal))}";
            return (null, new() { ["type"] = [$"type \"{typeName}\" is not a channel type; {known}"] });
        }

        var settings = Merge(stored is null ? [] : ReadableSettings(stored), input.Settings);
        var errors = type.Validate(settings).ToDictionary(e => $"settings.{e.Key}", e => new[] { e.Value });
        if (errors.Count == 0)
        {
            foreach (var (setting, refusal) in await targets.RefusalsAsync(type.TargetsOf(settings), cancellationToken))
            {
                errors[$"settings.{setting}"] = [refusal];
            }
        }

        var subject = input.SubjectTemplate.Given ? input.SubjectTemplate.Value : stored?.SubjectTemplate;
        var body = input.BodyTemplate.Given ? input.BodyTemplate.Value : stored?.BodyTemplate;
        CheckTemplate("subjectTemplate", subject, errors);
        CheckTemplate("bodyTemplate", body, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var (shown, hidden) = Split(settings, type.SecretFields);
        return (new ChannelRecord(
            stored?.Id ?? Guid.CreateVersion7(),
            input.Name ?? stored!.Name,
            type.Type,
            input.Enabled ?? stored?.Enabled ?? true,
            shown,
            hidden.Count == 0 ? null : secrets.Protect(hidden),
            subject,
            body,
            stored?.CreatedAt ?? default,
            stored?.UpdatedAt ?? default), null);
    }

    /// <summary>
    /// <see cref="ChannelRecord.SettingsWith"/>, or only the shown ones when the secrets cannot be decrypted (see <see cref="ChannelView"/>):
    /// the type's checks then ask for the secrets again, and saving them repairs the channel.
    /// </summary>
    private JsonObject ReadableSettings(ChannelRecord channel)
    {
        try
        {
            return channel.SettingsWith(secrets);
        }
        catch (CryptographicException)
        {
            return (JsonObject)channel.Settings.DeepClone();
        }
    }

    private static JsonObject Merge(JsonObject stored, JsonObject? changes)
    {
        foreach (var (name, value) in changes ?? [])
        {
            if (value is null)
            {
                stored.Remove(name);
            }
            else
            {
                stored[name] = value.DeepClone();
            }
        }

        return stored;
    }

    private static (JsonObject Shown, JsonObject Hidden) Split(JsonObject settings, IReadOnlySet<string> secretFields)
    {
        JsonObject shown = [];
        JsonObject hidden = [];
        foreach (var (name, value) in settings)
        {
            (secretFields.Contains(name) ? hidden : shown)[name] = value?.DeepClone();
        }

        return (shown, hidden);
    }

    private void CheckTemplate(string field, string? template, Dictionary<string, string[]> errors)
    {
        if (template is not null && templates.Validate(template) is { } problem)
        {
            errors[field] = [$"{field} is not a valid Liquid template: {problem}"];
        }
    }
}
