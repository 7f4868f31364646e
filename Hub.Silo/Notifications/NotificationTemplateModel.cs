namespace Uptime.Hub.Notifications;

/// <summary>
/// What a channel's Liquid templates see: <c>event</c> (the first event), <c>events</c> (all of them, one for a single
/// message) and <c>count</c>, plus <c>defaultSubject</c> and <c>defaultBody</c>. Dictionaries, so a template reads only these.
/// An event's <c>certificate</c> (a certificate warning's: expiresAt, daysLeft, thresholdDays, expiresIn, subject, issuer,
/// names) is null for the other kinds; <c>link</c> is its incident's link, or its website's for a certificate warning.
/// </summary>
public static class NotificationTemplateModel
{
    public static Dictionary<string, object?> Of(IReadOnlyList<NotificationItem> items, string defaultSubject, string defaultBody)
    {
        var events = items.Select(Event).ToList();
        return new Dictionary<string, object?>
        {
            ["event"] = events[0],
            ["events"] = events,
            ["count"] = events.Count,
            ["defaultSubject"] = defaultSubject,
            ["defaultBody"] = defaultBody,
        };
    }

    private static Dictionary<string, object?> Event(NotificationItem item)
    {
        var payload = item.Payload;
        return new Dictionary<string, object?>
        {
            ["kind"] = payload.Kind,
            ["at"] = payload.At,
            ["incidentId"] = payload.IncidentId?.ToString(),
            ["websiteId"] = payload.WebsiteId?.ToString(),
            ["websiteName"] = payload.WebsiteName,
            ["websiteUrl"] = payload.WebsiteUrl,
            ["website"] = NotificationFacts.WebsiteTitle(payload),
            ["tags"] = payload.Tags.ToList(),
            ["verdict"] = payload.Verdict,
            ["reason"] = payload.Reason,
            ["openedAt"] = payload.OpenedAt,
            ["acknowledgedAt"] = payload.AcknowledgedAt,
            ["resolvedAt"] = payload.ResolvedAt,
            ["resolution"] = payload.Resolution,
            ["actor"] = payload.Actor,
            ["note"] = payload.Note,
            ["duration"] = payload.Duration is { } duration ? NotificationFacts.Duration(duration) : null,
            ["durationSeconds"] = payload.Duration is { } seconds ? (long)seconds.TotalSeconds : null,
            ["votesSummary"] = NotificationFacts.VoteSummary(payload),
            ["votes"] = payload.Votes.Select(v => new Dictionary<string, object?>
            {
                ["region"] = v.Region,
                ["status"] = v.Status,
                ["error"] = v.Error,
                ["latencyMs"] = v.LatencyMs,
                ["at"] = v.At,
            }).ToList(),
            ["link"] = item.Link,
            ["incidentLink"] = item.IncidentLink,
            ["websiteLink"] = item.WebsiteLink,
            ["certificate"] = payload.Certificate is { } certificate
                ? new Dictionary<string, object?>
                {
                    ["expiresAt"] = certificate.ExpiresAt,
                    ["daysLeft"] = certificate.DaysLeft,
                    ["thresholdDays"] = certificate.ThresholdDays,
                    ["expiresIn"] = NotificationFacts.ExpiresIn(certificate),
                    ["subject"] = certificate.Subject,
                    ["issuer"] = certificate.Issuer,
                    ["names"] = certificate.Names.ToList(),
                }
                : null,
            ["line"] = NotificationFacts.Line(item),
        };
    }
}
