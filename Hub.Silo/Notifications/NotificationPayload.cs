namespace Uptime.Hub.Notifications;

/// <summary>
/// What one notification event says, snapshot in <c>notification_events.payload</c> when the event is written (in the
/// transaction of the incident change, or of the certificate warning), so a message sent later or re-sent after a crash
/// says the same. <see cref="Kind"/> is one of <see cref="NotificationEventKind"/>; <see cref="Certificate"/> is set for a
/// <c>certificate</c> event only (which has no incident).
/// </summary>
public sealed record NotificationPayload(
    string Kind,
    DateTime At,
    Guid? IncidentId,
    Guid? WebsiteId,
    string? WebsiteName,
    string? WebsiteUrl,
    IReadOnlyList<string> Tags,
    string? Verdict,
    string? Reason,
    DateTime? OpenedAt,
    DateTime? AcknowledgedAt,
    string? Actor,
    string? Note,
    DateTime? ResolvedAt,
    string? Resolution,
    IReadOnlyList<NotificationVote> Votes,
    NotificationCertificate? Certificate = null)
{
    /// <summary>How long the incident lasted (resolved) or has lasted so far (other events); null for a test.</summary>
    public TimeSpan? Duration => OpenedAt is { } opened ? (ResolvedAt ?? At) - opened : null;
}

/// <summary>One validator's vote behind a verdict: its region, Good or Bad, the error (e.g. "HTTP 503", "Timeout after 10000 ms") and latency.</summary>
public sealed record NotificationVote(string Region, string Status, string? Error, double LatencyMs, DateTime At);

/// <summary>
/// The certificate a <c>certificate</c> event warns about: when it expires, its whole days left when the event was written,
/// the threshold (HUB_CERT_WARN_DAYS) it crossed, its subject, issuer and DNS names.
/// </summary>
public sealed record NotificationCertificate(DateTime ExpiresAt, int DaysLeft, int ThresholdDays, string Subject, string Issuer, IReadOnlyList<string> Names);

/// <summary>The kinds of <c>notification_events.kind</c>, also the events a policy may route.</summary>
public static class NotificationEventKind
{
    public const string Opened = "opened";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Reminder = "reminder";
    public const string Test = "test";
    public const string Certificate = "certificate";

    /// <summary>The events a policy routes (a test goes to the one channel tested).</summary>
    public static readonly IReadOnlyList<string> Routable = [Opened, Acknowledged, Resolved, Reminder, Certificate];
}
