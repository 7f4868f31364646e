namespace Uptime.Grains;

/// <summary>The latest tick one validator reported for a website; <c>ReceivedAt</c> is the hub's clock, immune to validator clock skew.</summary>
[GenerateSerializer, Immutable, Alias("uptime.validator-last-tick")]
public readonly record struct ValidatorLastTick(
    [property: Id(0)] Guid ValidatorId,
    [property: Id(1)] bool Good,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] DateTime Timestamp,
    [property: Id(4)] string? Error,
    [property: Id(5)] DateTime ReceivedAt);
