namespace Uptime.Grains;

/// <summary>
/// One check result as a validator reported it, after validation by the gateway. <c>DueAt</c> is the due time of the
/// check it answers when the tick carried a checkToken the gateway verified; without one the website grain finds the
/// check from the timestamp, and only among checks due since <c>ConnectedSince</c> (the reporting connection's
/// registration). <c>Region</c> is the reporting validator's location; <c>Refused</c> says the validator's own policy
/// refused to run the check (no vote about the website); <c>Signature</c> is the tick's signature when it was signed.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.tick-report")]
public sealed record TickReport(
    [property: Id(0)] Guid ValidatorId,
    [property: Id(1)] bool Good,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] DateTime Timestamp,
    [property: Id(4)] string? Error,
    [property: Id(5)] DateTime? DueAt,
    [property: Id(6)] DateTime ConnectedSince,
    [property: Id(7)] string Region = "",
    [property: Id(8)] bool Refused = false,
    [property: Id(9)] string? Signature = null);
