using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Delivery;

/// <summary>A channel locked for sending, its secrets still encrypted.</summary>
public sealed record ChannelToSend(
    Guid Id, string Name, string Type, bool Enabled, JsonObject Settings, byte[]? Secrets, string? SubjectTemplate, string? BodyTemplate)
{
    /// <summary>The settings with the secrets merged in, as the channel class takes them.</summary>
    public JsonObject SettingsWith(IChannelSecrets secrets)
    {
        var merged = (JsonObject)Settings.DeepClone();
        if (Secrets is { } stored)
        {
            foreach (var (name, value) in secrets.Unprotect(stored))
            {
                merged[name] = value?.DeepClone();
            }
        }

        return merged;
    }
}
