namespace Uptime.Grains;

/// <summary>
/// One of the latest ticks of a website, for the dashboard's heartbeat bar. <c>ValidatorId</c> and <c>Error</c> came
/// later (fields 3 and 4): a tick stored before reads them as <see cref="Guid.Empty"/> and null.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.recent-tick")]
public readonly record struct RecentTick(
    [property: Id(0)] bool Good,
    [property: Id(1)] double LatencyMs,
    [property: Id(2)] DateTime Timestamp,
    [property: Id(3)] Guid ValidatorId = default,
    [property: Id(4)] string? Error = null);
