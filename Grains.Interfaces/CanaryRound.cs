namespace Uptime.Grains;

/// <summary>
/// How one validator did in one canary round (every canary sent to it at <c>DueAt</c>): <c>Checked</c> canaries counted
/// (those its own policy refused are left out), <c>Bad</c> of them Bad or unanswered when the round after the next one
/// began, and the first problem seen (an error, or that an answer did not come).
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.canary-round")]
public sealed record CanaryRound(
    [property: Id(0)] DateTime DueAt,
    [property: Id(1)] int Checked,
    [property: Id(2)] int Bad,
    [property: Id(3)] string? Problem = null);

/// <summary>The validator grain's answer to a canary round: whether the validator is impaired now, and whether that changed.</summary>
[GenerateSerializer, Immutable, Alias("uptime.canary-standing")]
public sealed record CanaryStanding(
    [property: Id(0)] bool Impaired,
    [property: Id(1)] bool Changed);
