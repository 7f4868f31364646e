using Uptime.Grains;
using Uptime.Hub.Maintenance;

namespace Uptime.Hub.Websites;

/// <summary>
/// A website as the API returns it: its definition plus, when known, its live aggregate, and its maintenance. Answered
/// from the website's grain alone (<see cref="FromGrain"/>, while the database is unavailable) it has no
/// <see cref="CreatedAt"/> and <see cref="UpdatedAt"/>.
/// </summary>
public sealed record WebsiteView(
    Guid Id,
    string Url,
    int Interval,
    bool Enabled,
    DateTime? CreatedAt,
    DateTime? UpdatedAt,
    WebsiteHealth Status,
    DateTime? StatusChangedAt,
    double? LastLatency,
    DateTime? LastCheckedAt,
    long TicksReceived,
    IReadOnlyList<ValidatorTickView> Validators,
    WebsiteMaintenanceView Maintenance)
{
    public static WebsiteView From(WebsiteRecord website, WebsiteSnapshot? live, MaintenanceCalendar calendar, DateTime now) => new(
        website.Id,
        website.Url,
        website.IntervalSeconds,
        website.Enabled,
        website.CreatedAt,
        website.UpdatedAt,
        live?.Status ?? WebsiteHealth.Unknown,
        live?.StatusChangedAt,
        live?.LastLatencyMs,
        live?.LastCheckedAt,
        live?.TicksReceived ?? 0,
        live is null ? [] : [.. live.ByValidator.Select(ValidatorTickView.From)],
        WebsiteMaintenanceView.For(calendar.Schedule, website.Id, now));

    public static WebsiteView FromGrain(Guid id, WebsiteSnapshot live, MaintenanceCalendar calendar, DateTime now) => new(
        id,
        live.Url,
        live.IntervalSeconds,
        live.Enabled,
        null,
        null,
        live.Status,
        live.StatusChangedAt,
        live.LastLatencyMs,
        live.LastCheckedAt,
        live.TicksReceived,
        [.. live.ByValidator.Select(ValidatorTickView.From)],
        WebsiteMaintenanceView.For(calendar.Schedule, id, now));
}

/// <summary>The latest tick of one validator for a website.</summary>
public sealed record ValidatorTickView(Guid ValidatorId, string Status, double Latency, DateTime Timestamp, string? Error)
{
    public static ValidatorTickView From(ValidatorLastTick tick) =>
        new(tick.ValidatorId, tick.Good ? "Good" : "Bad", tick.LatencyMs, tick.Timestamp, tick.Error);
}
