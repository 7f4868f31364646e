namespace Uptime.Hub.Notifications;

/// <summary>
/// What one notification event says, snapshot in <c>notification_events.payload</c> when the event is written (in the
/// transaction of the incident change), so a message sent later or re-sent after a crash says the same.
/// <see cref="Kind"/> is one of <see cref="NotificationEventKind"/>.
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
    IReadOnlyList<NotificationVote> Votes)
{
    /// <summary>How long the incident lasted (resolved) or has lasted so far (other events); null for a test.</summary>
    public TimeSpan? Duration => OpenedAt is { } opened ? (ResolvedAt ?? At) - opened : null;
}

/// <summary>One validator's vote behind a verdict: its region, Good or Bad, the error (e.g. "HTTP 503", "Timeout after 10000 ms") and latency.</summary>
public sealed record NotificationVote(string Region, string Status, string? Error, double LatencyMs, DateTime At);

/// <summary>The kinds of <c>notification_events.kind</c>, also the events a policy may route.</summary>
public static class NotificationEventKind
{
    public const string Opened = "opened";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Reminder = "reminder";
    public const string Test = "test";

    /// <summary>The events a policy routes (a test goes to the one channel tested).</summary>
    public static readonly IReadOnlyList<string> Routable = [Opened, Acknowledged, Resolved, Reminder];
}
