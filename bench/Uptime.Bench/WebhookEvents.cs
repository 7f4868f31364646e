using System.Text.Json;

namespace Uptime.Bench;

/// <summary>One event of a webhook body: its kind (<c>opened</c>, <c>resolved</c>, …), incident and website.</summary>
internal sealed record WebhookEvent(string Kind, Guid? IncidentId, Guid? WebsiteId);

/// <summary>
/// Reads the events out of the hub's webhook body (schema version 1 of <c>WebhookPayload</c>: an <c>events</c> array of
/// objects carrying <c>kind</c>, <c>incidentId</c> and <c>websiteId</c>, among other fields). The only place that knows
/// the body's shape, so a change of the schema is aligned here.
/// </summary>
internal static class WebhookEvents
{
    public static IReadOnlyList<WebhookEvent> Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the webhook body has no events array");
        }

        return [.. events.EnumerateArray().Select(e => new WebhookEvent(Text(e, "kind") ?? "", Id(e, "incidentId"), Id(e, "websiteId")))];
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Guid? Id(JsonElement item, string name) => Guid.TryParse(Text(item, name), out var id) ? id : null;
}
