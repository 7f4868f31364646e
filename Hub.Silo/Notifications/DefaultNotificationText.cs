using System.Globalization;
using System.Text;

namespace Uptime.Hub.Notifications;

/// <summary>The default subject and body: what an operator woken at 3 a.m. needs, in plain text.</summary>
public static class DefaultNotificationText
{
    private const int NamesInGroupSubject = 3;

    public static string Subject(IReadOnlyList<NotificationItem> items) => items.Count == 1 ? SingleSubject(items[0].Payload) : GroupSubject(items);

    public static string Body(IReadOnlyList<NotificationItem> items)
    {
        if (items.Count > 1)
        {
            return string.Join('\n', items.Select(NotificationFacts.Line));
        }
        var item = items[0];
        var payload = item.Payload;
        var body = new StringBuilder();
        if (payload.Kind == NotificationEventKind.Test)
        {
            body.Append(CultureInfo.InvariantCulture, $"A test message from Uptime, sent by {payload.Actor ?? "an operator"} at {NotificationFacts.Utc(payload.At)}. If you read this, the channel works.");
            return body.ToString();
        }
        if (payload.Certificate is { } certificate)
        {
            return CertificateBody(item, certificate);
        }
        body.Append(NotificationFacts.WebsiteTitle(payload));
        if (payload.WebsiteName is not null && payload.WebsiteUrl is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $" ({payload.WebsiteUrl})");
        }
        body.Append(CultureInfo.InvariantCulture, $" is {StateSentence(payload)}\n");
        if (NotificationFacts.VoteSummary(payload) is { } votes)
        {
            body.Append(votes).Append('\n');
        }
        if (payload.Reason is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"Reason: {payload.Reason}\n");
        }
        if (payload.OpenedAt is { } openedAt)
        {
            body.Append(CultureInfo.InvariantCulture, $"Since: {NotificationFacts.Utc(openedAt)}");
            body.Append(payload.Kind == NotificationEventKind.Resolved ? "\n" : $" ({NotificationFacts.Duration(payload.Duration!.Value)} so far)\n");
        }
        if (payload.Kind == NotificationEventKind.Resolved && payload.ResolvedAt is { } resolvedAt)
        {
            body.Append(CultureInfo.InvariantCulture, $"Resolved: {NotificationFacts.Utc(resolvedAt)}, after {NotificationFacts.Duration(payload.Duration!.Value)}\n");
            if (payload.Resolution is not null)
            {
                body.Append(CultureInfo.InvariantCulture, $"Resolution: {payload.Resolution}\n");
            }
        }
        if (payload.Actor is not null && payload.Kind != NotificationEventKind.Resolved)
        {
            body.Append(CultureInfo.InvariantCulture, $"Acknowledged by {payload.Actor}");
            body.Append(payload.AcknowledgedAt is { } acknowledgedAt ? $" at {NotificationFacts.Utc(acknowledgedAt)}" : "");
            body.Append(payload.Note is null ? "\n" : $": {payload.Note}\n");
        }
        if (item.IncidentLink is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"Incident: {item.IncidentLink}\n");
        }
        return body.ToString().TrimEnd('\n');
    }

    /// <summary>What the certificate is, when it expires and which threshold it crossed; the website's dashboard link.</summary>
    private static string CertificateBody(NotificationItem item, NotificationCertificate certificate)
    {
        var payload = item.Payload;
        var body = new StringBuilder().Append("The TLS certificate of ").Append(NotificationFacts.WebsiteTitle(payload));
        if (payload.WebsiteName is not null && payload.WebsiteUrl is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $" ({payload.WebsiteUrl})");
        }
        body.Append(CultureInfo.InvariantCulture, $" {NotificationFacts.ExpiresIn(certificate)}, at {NotificationFacts.Utc(certificate.ExpiresAt)}.\n");
        body.Append(CultureInfo.InvariantCulture, $"Subject: {certificate.Subject}\n");
        if (certificate.Names.Count > 0)
        {
            body.Append("Names: ").AppendJoin(", ", certificate.Names).Append('\n');
        }
        body.Append(CultureInfo.InvariantCulture, $"Issuer: {certificate.Issuer}\n");
        body.Append(CultureInfo.InvariantCulture, $"The {certificate.ThresholdDays}-day warning: once it expires, the website's checks fail and an incident opens.\n");
        if (item.WebsiteLink is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"Website: {item.WebsiteLink}\n");
        }
        return body.ToString().TrimEnd('\n');
    }

    private static string SingleSubject(NotificationPayload payload)
    {
        var website = NotificationFacts.WebsiteTitle(payload);
        return payload.Kind switch
        {
            NotificationEventKind.Certificate when payload.Certificate is { } certificate => $"[Certificate] {website} {NotificationFacts.Expiry(certificate)}",
            NotificationEventKind.Opened => $"[{payload.Verdict ?? "Down"}] {website} is {(payload.Verdict ?? "down").ToLowerInvariant()}",
            NotificationEventKind.Reminder => $"[Still {(payload.Verdict ?? "down").ToLowerInvariant()}] {website} for {NotificationFacts.Duration(payload.Duration ?? TimeSpan.Zero)}",
            NotificationEventKind.Acknowledged => $"[Acknowledged] {website} by {payload.Actor ?? "someone"}",
            NotificationEventKind.Resolved => $"[Resolved] {website} is up again after {NotificationFacts.Duration(payload.Duration ?? TimeSpan.Zero)}",
            _ => "[Test] Uptime test notification",
        };
    }

    private static string StateSentence(NotificationPayload payload) => payload.Kind switch
    {
        NotificationEventKind.Resolved => "up again.",
        NotificationEventKind.Acknowledged => $"{(payload.Verdict ?? "down").ToLowerInvariant()}; acknowledged.",
        NotificationEventKind.Reminder => $"still {(payload.Verdict ?? "down").ToLowerInvariant()}.",
        _ => $"{(payload.Verdict ?? "down").ToLowerInvariant()}.",
    };

    /// <summary>"12 websites down: a, b, c, … (and 3 more resolved)": the largest state first, the others counted after it.</summary>
    private static string GroupSubject(IReadOnlyList<NotificationItem> items)
    {
        var byState = items.GroupBy(i => NotificationFacts.StateWord(i.Payload))
            .OrderByDescending(g => g.Any(i => NotificationFacts.IsAlert(i.Payload)))
            .ThenByDescending(g => g.Count())
            .ToList();
        var first = byState[0].ToList();
        var names = first.Take(NamesInGroupSubject).Select(i => NotificationFacts.WebsiteTitle(i.Payload));
        var subject = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Websites(first.Count)} {byState[0].Key}: {string.Join(", ", names)}");
        if (first.Count > NamesInGroupSubject)
        {
            subject.Append(", …");
        }
        if (byState.Count > 1)
        {
            subject.Append(" (and ").AppendJoin(", ", byState.Skip(1).Select(g => $"{g.Count()} more {g.Key}")).Append(')');
        }
        return subject.ToString();
    }

    private static string Websites(int count) => count == 1 ? "1 website" : $"{count} websites";
}
