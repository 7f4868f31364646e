namespace Uptime.Grains;

/// <summary>
/// One check result as a validator reported it, after validation by the gateway. <c>DueAt</c> is the due time of the
/// check it answers when the tick carried a checkToken the gateway verified; without one the website grain finds the
/// check from the timestamp, and only among checks due since <c>ConnectedSince</c> (the reporting connection's
/// registration).
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.tick-report")]
public sealed record TickReport(
    [property: Id(0)] Guid ValidatorId,
    [property: Id(1)] bool Good,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] DateTime Timestamp,
    [property: Id(4)] string? Error,
    [property: Id(5)] DateTime? DueAt,
    [property: Id(6)] DateTime ConnectedSince);
