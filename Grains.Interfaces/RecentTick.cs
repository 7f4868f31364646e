namespace Uptime.Grains;

/// <summary>One of the latest ticks of a website, for the dashboard's heartbeat bar.</summary>
[GenerateSerializer, Immutable, Alias("uptime.recent-tick")]
public readonly record struct RecentTick(
    [property: Id(0)] bool Good,
    [property: Id(1)] double LatencyMs,
    [property: Id(2)] DateTime Timestamp);
