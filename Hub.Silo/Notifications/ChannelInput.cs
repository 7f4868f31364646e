using System.Text.Json.Nodes;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The body of <c>POST</c> (all of a channel) or <c>PATCH /api/notification-channels/{id}</c> (what changes), read field by
/// field. <see cref="Settings"/> holds every setting given, secrets included; whether they suit the channel's type is
/// checked by <see cref="ChannelEditor"/>.
/// </summary>
public sealed record ChannelInput(
    string? Name, string? Type, bool? Enabled, JsonObject? Settings, OptionalText SubjectTemplate, OptionalText BodyTemplate)
{
    public const int MaxNameLength = 100;
    public const int MaxTemplateLength = 10_000;
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] _createFields = ["name", "type", "enabled", "settings", "subjectTemplate", "bodyTemplate"];
    private static readonly string[] _changeFields = ["name", "enabled", "settings", "subjectTemplate", "bodyTemplate"];

    public static async Task<(ChannelInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest request, bool creating)
    {
        var (document, bodyError) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes);
        if (document is null)
        {
            return (null, new() { ["body"] = [bodyError!] });
        }

        using (document)
        {
            var fields = BodyFields.Read(document.RootElement, creating ? _createFields : _changeFields);
            var name = fields.Text("name", MaxNameLength);
            var type = fields.Text("type", 50);
            var enabled = fields.Boolean("enabled");
            var settings = fields.Object("settings");
            var subject = Template(fields, "subjectTemplate");
            var body = Template(fields, "bodyTemplate");
            foreach (var required in creating ? new[] { "name", "type", "settings" } : ["name", "enabled", "settings"])
            {
                if (creating && (!fields.Has(required) || fields.IsNull(required)))
                {
                    fields.Errors.TryAdd(required, [$"{required} is required"]);
                }
                else if (fields.IsNull(required))
                {
                    fields.Errors.TryAdd(required, [$"{required} cannot be null: a channel always has one"]);
                }
            }

            return fields.Errors.Count > 0 ? (null, fields.Errors) : (new ChannelInput(name, type, enabled, settings, subject, body), null);
        }
    }

    private static OptionalText Template(BodyFields fields, string name) =>
        new(fields.Has(name), fields.Text(name, MaxTemplateLength));
}

/// <summary>An optional text field of a change: <see cref="Given"/> (a null <see cref="Value"/> then clears it) or left as it is.</summary>
public readonly record struct OptionalText(bool Given, string? Value);
