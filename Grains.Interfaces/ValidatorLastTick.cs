namespace Uptime.Grains;

/// <summary>
/// The latest tick one validator reported for a website; <c>ReceivedAt</c> is the hub's clock, immune to validator
/// clock skew, and <c>DueAt</c> the due time of the check it answered (the hub's too), by which a validator's ticks
/// are ordered. Rows stored before <c>DueAt</c> existed read it as <see cref="DateTime.MinValue"/>. <c>Region</c> is the
/// validator's location, <c>Refused</c> marks a check its own policy refused (shown, no vote), <c>Confirmation</c> an
/// answer to a confirmation check, and <c>Signature</c> is kept for Bad ticks only (an incident's evidence).
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.validator-last-tick")]
public readonly record struct ValidatorLastTick(
    [property: Id(0)] Guid ValidatorId,
    [property: Id(1)] bool Good,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] DateTime Timestamp,
    [property: Id(4)] string? Error,
    [property: Id(5)] DateTime ReceivedAt,
    [property: Id(6)] DateTime DueAt = default,
    [property: Id(7)] string? Region = null,
    [property: Id(8)] bool Refused = false,
    [property: Id(9)] bool Confirmation = false,
    [property: Id(10)] string? Signature = null);
