namespace Uptime.Grains;

/// <summary>One check result as a validator reported it, after validation by the gateway.</summary>
[GenerateSerializer, Immutable, Alias("uptime.tick-report")]
public sealed record TickReport(
    [property: Id(0)] Guid ValidatorId,
    [property: Id(1)] bool Good,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] DateTime Timestamp,
    [property: Id(4)] string? Error);
