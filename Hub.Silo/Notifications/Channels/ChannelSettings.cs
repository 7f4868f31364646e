using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>Reads a channel's settings object, lenient about what <see cref="SettingsCheck"/> already refused.</summary>
internal static class ChannelSettings
{
    public static string? Text(JsonObject settings, string name) =>
        settings[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static string TextOr(JsonObject settings, string name, string fallback) => Text(settings, name) ?? fallback;

    public static IReadOnlyList<string> Texts(JsonObject settings, string name) =>
        settings[name] is JsonArray array ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())] : [];

    public static int? Integer(JsonObject settings, string name) =>
        settings[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;
}
