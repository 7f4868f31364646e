using System.Text.Json;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>The events a webhook message carries (the README's webhook schema: one per grouped incident change).</summary>
internal static class WebhookEvents
{
    public static IEnumerable<JsonElement> Of(ReceivedAlert alert) =>
        alert.Json.TryGetProperty("events", out var events) ? events.EnumerateArray() : [];
}
