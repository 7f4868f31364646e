namespace Uptime.Grains;

/// <summary>
/// The live aggregate of one website, as the API shows it, with the definition the grain holds (<see cref="Url"/>,
/// <see cref="IntervalSeconds"/>, <see cref="Enabled"/>, <see cref="Policy"/>), so a website can be shown while the websites
/// table cannot be read; why the status is what it is, each region's status, and the open incident.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.website-snapshot")]
public sealed record WebsiteSnapshot(
    [property: Id(0)] WebsiteHealth Status,
    [property: Id(1)] DateTime? StatusChangedAt,
    [property: Id(2)] double? LastLatencyMs,
    [property: Id(3)] DateTime? LastCheckedAt,
    [property: Id(4)] long TicksReceived,
    [property: Id(5)] long GoodTicks,
    [property: Id(6)] IReadOnlyList<ValidatorLastTick> ByValidator,
    [property: Id(7)] IReadOnlyList<RecentTick> Recent,
    [property: Id(8)] string Url,
    [property: Id(9)] int IntervalSeconds,
    [property: Id(10)] bool Enabled,
    [property: Id(11)] VerdictPolicy Policy,
    [property: Id(12)] string? StatusReason,
    [property: Id(13)] IReadOnlyList<RegionStatus> Regions,
    [property: Id(14)] Guid? IncidentId);
