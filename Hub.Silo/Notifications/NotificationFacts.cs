using System.Globalization;
using System.Text;

namespace Uptime.Hub.Notifications;

/// <summary>The phrases every message is made of, shared by the default templates, the Liquid model and the channels.</summary>
public static class NotificationFacts
{
    /// <summary>The website's name, else its URL.</summary>
    public static string WebsiteTitle(NotificationPayload payload) => payload.WebsiteName ?? payload.WebsiteUrl ?? "(no website)";

    /// <summary>E.g. "Down from 2 of 3 regions: us-east HTTP 503, eu-west Timeout after 10000 ms"; null without votes.</summary>
    public static string? VoteSummary(NotificationPayload payload)
    {
        if (payload.Votes.Count == 0)
        {
            return null;
        }
        var bad = payload.Votes.Where(v => v.Status != "Good").ToList();
        var summary = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{payload.Verdict ?? "Bad"} from {bad.Count} of {payload.Votes.Count} regions");
        if (bad.Count > 0)
        {
            summary.Append(": ").AppendJoin(", ", bad.Select(v => $"{v.Region} {v.Error ?? v.Status}"));
        }
        var good = payload.Votes.Where(v => v.Status == "Good").Select(v => v.Region).ToList();
        if (good.Count > 0)
        {
            summary.Append(" (up from ").AppendJoin(", ", good).Append(')');
        }
        return summary.ToString();
    }

    /// <summary>The same instant marked UTC: timestamps are UTC throughout, and a value read without its kind must not print as local time.</summary>
    public static DateTime AsUtc(DateTime at) => at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime();

    public static DateTime? AsUtc(DateTime? at) => at is { } value ? AsUtc(value) : null;

    /// <summary>E.g. "2026-12-07 09:00:05 UTC".</summary>
    public static string Utc(DateTime at) => AsUtc(at).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>E.g. "2026-12-14 10:00 UTC".</summary>
    public static string UtcMinute(DateTime at) => AsUtc(at).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"expires in 7 days", "expires in 1 day", "expires within a day".</summary>
    public static string ExpiresIn(NotificationCertificate certificate) => certificate.DaysLeft switch
    {
        <= 0 => "expires within a day",
        1 => "expires in 1 day",
        var days => $"expires in {days} days",
    };

    /// <summary>E.g. "expires in 7 days (2026-12-14 10:00 UTC)".</summary>
    public static string Expiry(NotificationCertificate certificate) => $"{ExpiresIn(certificate)} ({UtcMinute(certificate.ExpiresAt)})";

    /// <summary>E.g. "45s", "12m 30s", "3h 5m", "2d 4h".</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }
        return duration switch
        {
            { TotalMinutes: < 1 } => $"{duration.Seconds}s",
            { TotalHours: < 1 } => $"{duration.Minutes}m {duration.Seconds}s",
            { TotalDays: < 1 } => $"{duration.Hours}h {duration.Minutes}m",
            _ => $"{(int)duration.TotalDays}d {duration.Hours}h",
        };
    }

    /// <summary>The state a kind leaves the website in, as a group's subject counts it: "down", "degraded", "resolved", …</summary>
    public static string StateWord(NotificationPayload payload) => payload.Kind switch
    {
        NotificationEventKind.Opened or NotificationEventKind.Reminder => (payload.Verdict ?? "down").ToLowerInvariant(),
        NotificationEventKind.Acknowledged => "acknowledged",
        NotificationEventKind.Resolved => "resolved",
        NotificationEventKind.Certificate => "with expiring certificates",
        _ => "test",
    };

    /// <summary>The word a line starts with: "DOWN", "RESOLVED", "CERTIFICATE", …</summary>
    public static string Tag(NotificationPayload payload) =>
        payload.Kind == NotificationEventKind.Certificate ? "CERTIFICATE" : StateWord(payload).ToUpperInvariant();

    /// <summary>Whether the event says something is wrong now (an alert), as opposed to an acknowledgement, a recovery or a test.</summary>
    public static bool IsAlert(NotificationPayload payload) => payload.Kind is NotificationEventKind.Opened or NotificationEventKind.Reminder;

    /// <summary>
    /// One line per event, as a group lists them: "DOWN My Shop https://shop.example: Down from 3 of 3 regions: … since
    /// 2026-12-07 09:00:00 UTC", "CERTIFICATE My Shop https://shop.example: expires in 7 days (2026-12-14 10:00 UTC)".
    /// </summary>
    public static string Line(NotificationItem item)
    {
        var payload = item.Payload;
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Tag(payload)} {WebsiteTitle(payload)}");
        if (payload.WebsiteName is not null && payload.WebsiteUrl is not null)
        {
            line.Append(' ').Append(payload.WebsiteUrl);
        }
        switch (payload.Kind)
        {
            case NotificationEventKind.Resolved when payload.Duration is { } lasted:
                line.Append(CultureInfo.InvariantCulture, $": up again after {Duration(lasted)}");
                break;
            case NotificationEventKind.Acknowledged:
                line.Append(CultureInfo.InvariantCulture, $": acknowledged by {payload.Actor ?? "someone"}");
                break;
            case NotificationEventKind.Opened or NotificationEventKind.Reminder:
                line.Append(": ").Append(VoteSummary(payload) ?? payload.Reason ?? payload.Verdict);
                if (payload.OpenedAt is { } since)
                {
                    line.Append(" since ").Append(Utc(since));
                }
                break;
            case NotificationEventKind.Certificate when payload.Certificate is { } certificate:
                line.Append(": ").Append(Expiry(certificate));
                break;
        }
        if (item.Link is not null)
        {
            line.Append(' ').Append(item.Link);
        }
        return line.ToString();
    }
}
