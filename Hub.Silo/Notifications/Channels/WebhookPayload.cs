using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// The webhook body, schema version 1: <c>version</c>, <c>deliveryKey</c>, <c>grouped</c>, <c>subject</c>, <c>text</c>
/// and <c>events</c>, one object per event with the payload's fields (camelCase, times ISO 8601 UTC, absent values null);
/// a certificate warning's event has <c>certificate</c> and <c>websiteLink</c>.
/// Fields may be added; none is removed or changes meaning without a new version.
/// </summary>
public static class WebhookPayload
{
    public const int Version = 1;

    public static JsonObject Of(OutgoingNotification notification) => new()
    {
        ["version"] = Version,
        ["deliveryKey"] = notification.DeliveryKey,
        ["grouped"] = notification.IsGroup,
        ["subject"] = notification.Subject,
        ["text"] = notification.Body,
        ["events"] = new JsonArray([.. notification.Items.Select(Event)]),
    };

    private static JsonObject Event(NotificationItem item)
    {
        var payload = item.Payload;
        return new JsonObject
        {
            ["eventId"] = item.EventId,
            ["deliveryId"] = item.DeliveryId,
            ["kind"] = payload.Kind,
            ["at"] = NotificationFacts.AsUtc(payload.At),
            ["incidentId"] = payload.IncidentId,
            ["incidentLink"] = item.IncidentLink,
            ["websiteLink"] = item.WebsiteLink,
            ["websiteId"] = payload.WebsiteId,
            ["websiteName"] = payload.WebsiteName,
            ["websiteUrl"] = payload.WebsiteUrl,
            ["tags"] = new JsonArray([.. payload.Tags.Select(t => JsonValue.Create(t))]),
            ["verdict"] = payload.Verdict,
            ["reason"] = payload.Reason,
            ["openedAt"] = NotificationFacts.AsUtc(payload.OpenedAt),
            ["acknowledgedAt"] = NotificationFacts.AsUtc(payload.AcknowledgedAt),
            ["actor"] = payload.Actor,
            ["note"] = payload.Note,
            ["resolvedAt"] = NotificationFacts.AsUtc(payload.ResolvedAt),
            ["resolution"] = payload.Resolution,
            ["durationSeconds"] = payload.Duration is { } duration ? (long)duration.TotalSeconds : null,
            ["votes"] = new JsonArray([.. payload.Votes.Select(v => new JsonObject
            {
                ["region"] = v.Region,
                ["status"] = v.Status,
                ["error"] = v.Error,
                ["latencyMs"] = v.LatencyMs,
                ["at"] = NotificationFacts.AsUtc(v.At),
            })]),
            ["certificate"] = payload.Certificate is { } certificate
                ? new JsonObject
                {
                    ["expiresAt"] = NotificationFacts.AsUtc(certificate.ExpiresAt),
                    ["daysLeft"] = certificate.DaysLeft,
                    ["thresholdDays"] = certificate.ThresholdDays,
                    ["subject"] = certificate.Subject,
                    ["issuer"] = certificate.Issuer,
                    ["names"] = new JsonArray([.. certificate.Names.Select(n => JsonValue.Create(n))]),
                }
                : null,
        };
    }
}
