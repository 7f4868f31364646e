using System.Text.Json;
using Uptime.Grains;
using Uptime.Hub.Maintenance;

namespace Uptime.Hub.Websites;

/// <summary>
/// A website as the API returns it: its definition (with its name, tags and verdict policy) plus, when known, its live aggregate (the
/// status with its reason, each region's status, the open incident), and its maintenance. Answered
/// from the website's grain alone (<see cref="FromGrain"/>, while the database is unavailable) it has no
/// <see cref="CreatedAt"/>, <see cref="UpdatedAt"/>, <see cref="Name"/>, <see cref="Tags"/>, <see cref="Type"/> and
/// <see cref="Check"/> (the grain's snapshot does not hold them). <see cref="Check"/> is the canonical check definition,
/// null for the type's plain check. <see cref="PushUrl"/>: a push monitor's URL, shown only to a caller allowed to write
/// (<see cref="Push.PushUrls"/>).
/// </summary>
public sealed record WebsiteView(
    Guid Id,
    string Url,
    string? Type,
    JsonElement? Check,
    string? Name,
    IReadOnlyList<string>? Tags,
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
    WebsiteMaintenanceView Maintenance,
    string? StatusReason,
    IReadOnlyList<RegionStatus> RegionStatuses,
    Guid? IncidentId,
    string[]? Regions,
    int? ValidatorsPerRegion,
    int? DownQuorum,
    int FailingRounds,
    int? DegradedLatencyMs,
    bool IncidentOnDegraded,
    int RecoverySeconds,
    string? PushUrl = null)
{
    public static WebsiteView From(WebsiteRecord website, WebsiteSnapshot? live, MaintenanceCalendar calendar, DateTime now) => new(
        website.Id,
        website.Url,
        website.Type,
        CheckObject(website.Monitor?.Check),
        website.Name,
        website.Tags,
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
        WebsiteMaintenanceView.For(calendar.Schedule, website.Id, now),
        live?.StatusReason,
        live?.Regions ?? [],
        live?.IncidentId,
        website.Policy.Regions,
        website.Policy.ValidatorsPerRegion,
        website.Policy.DownQuorum,
        website.Policy.FailingRounds,
        website.Policy.DegradedLatencyMs,
        website.Policy.IncidentOnDegraded,
        website.Policy.RecoverySeconds);

    public static WebsiteView FromGrain(Guid id, WebsiteSnapshot live, MaintenanceCalendar calendar, DateTime now) => new(
        id,
        live.Url,
        null,
        null,
        null,
        null,
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
        WebsiteMaintenanceView.For(calendar.Schedule, id, now),
        live.StatusReason,
        live.Regions,
        live.IncidentId,
        live.Policy.Regions,
        live.Policy.ValidatorsPerRegion,
        live.Policy.DownQuorum,
        live.Policy.FailingRounds,
        live.Policy.DegradedLatencyMs,
        live.Policy.IncidentOnDegraded,
        live.Policy.RecoverySeconds);

    private static JsonElement? CheckObject(string? check)
    {
        if (check is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(check);
        return document.RootElement.Clone();
    }
}

/// <summary>
/// The latest tick of one validator for a website, with the validator's region, whether its own policy refused the check
/// (no vote) and whether it answered a confirmation check.
/// </summary>
public sealed record ValidatorTickView(Guid ValidatorId, string Status, double Latency, DateTime Timestamp, string? Error, string? Region, bool Refused, bool Confirmation)
{
    public static ValidatorTickView From(ValidatorLastTick tick) =>
        new(tick.ValidatorId, tick.Good ? "Good" : "Bad", tick.LatencyMs, tick.Timestamp, tick.Error, tick.Region, tick.Refused, tick.Confirmation);
}
