namespace Uptime.Grains;

/// <summary>
/// One region's status for a website, from the fresh votes of its validators: <c>Validators</c> is how many reported
/// (or are online to report), <c>Votes</c> how many of those count (an impaired validator's tick, or one its own policy
/// refused, is no vote), <c>Reason</c> says why when it is not Up.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.region-status")]
public sealed record RegionStatus(
    [property: Id(0)] string Region,
    [property: Id(1)] WebsiteHealth Status,
    [property: Id(2)] int Validators,
    [property: Id(3)] int Votes,
    [property: Id(4)] string? Reason);
