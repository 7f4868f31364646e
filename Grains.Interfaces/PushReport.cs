namespace Uptime.Grains;

/// <summary>
/// One call of a push monitor's job, as the hub took it at <c>At</c>: <c>Up</c> (status up, the default) or down,
/// its message (the reason shown when down) and the ping the job reported, if any (ms).
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.push-report")]
public sealed record PushReport(
    [property: Id(0)] bool Up,
    [property: Id(1)] string? Message,
    [property: Id(2)] double? PingMs,
    [property: Id(3)] DateTime At);
