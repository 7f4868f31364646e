namespace Uptime.Grains;

/// <summary>
/// How a website's verdict is decided from its regions (all optional; the defaults are the spec's behaviour where it has
/// one). <see cref="Regions"/>: the regions (validator locations) that check it, null for every region;
/// <see cref="ValidatorsPerRegion"/>: how many validators of each region, null for all; <see cref="DownQuorum"/>: how many
/// regions must say Down, null for more than half of those with usable data; <see cref="FailingRounds"/>: consecutive
/// rounds the quorum must say Down before the verdict is Down; <see cref="DegradedLatencyMs"/>: a latency above it makes
/// an otherwise Up website Degraded; <see cref="IncidentOnDegraded"/>: Degraded opens an incident too;
/// <see cref="RecoverySeconds"/>: how long the verdict must stay good before an open incident resolves itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.verdict-policy")]
public sealed record VerdictPolicy(
    [property: Id(0)] string[]? Regions = null,
    [property: Id(1)] int? ValidatorsPerRegion = null,
    [property: Id(2)] int? DownQuorum = null,
    [property: Id(3)] int FailingRounds = 1,
    [property: Id(4)] int? DegradedLatencyMs = null,
    [property: Id(5)] bool IncidentOnDegraded = false,
    [property: Id(6)] int RecoverySeconds = VerdictPolicy.DefaultRecoverySeconds)
{
    public const int DefaultRecoverySeconds = 30;

    public static readonly VerdictPolicy Default = new();

    public bool Covers(string region) => Regions is null || Regions.Contains(region, StringComparer.OrdinalIgnoreCase);
}
