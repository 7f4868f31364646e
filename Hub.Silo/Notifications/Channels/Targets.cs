using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

internal static class Targets
{
    /// <summary>The value of setting <paramref name="name"/> (or <paramref name="fallback"/> when absent) keyed by its name; empty without either.</summary>
    public static IReadOnlyDictionary<string, string> Of(JsonObject settings, string name, string? fallback = null)
    {
        var value = ChannelSettings.Text(settings, name) ?? fallback;
        return value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [name] = value };
    }
}
