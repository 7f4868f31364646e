using Uptime.Grains;

namespace Uptime.Hub.Websites;

/// <summary>
/// The verdict fields a create or update body set: a field left null was absent, one holding a <see cref="Set{T}"/> was
/// given (its value null where null means the default, e.g. every region).
/// </summary>
public sealed record VerdictPolicyChanges(
    Set<string[]?>? Regions = null,
    Set<int?>? ValidatorsPerRegion = null,
    Set<int?>? DownQuorum = null,
    Set<int>? FailingRounds = null,
    Set<int?>? DegradedLatencyMs = null,
    Set<bool>? IncidentOnDegraded = null,
    Set<int>? RecoverySeconds = null)
{
    public static readonly VerdictPolicyChanges None = new();

    public VerdictPolicy ApplyTo(VerdictPolicy policy) => new(
        Regions is { } regions ? regions.Value : policy.Regions,
        ValidatorsPerRegion is { } perRegion ? perRegion.Value : policy.ValidatorsPerRegion,
        DownQuorum is { } quorum ? quorum.Value : policy.DownQuorum,
        FailingRounds is { } rounds ? rounds.Value : policy.FailingRounds,
        DegradedLatencyMs is { } latency ? latency.Value : policy.DegradedLatencyMs,
        IncidentOnDegraded is { } onDegraded ? onDegraded.Value : policy.IncidentOnDegraded,
        RecoverySeconds is { } recovery ? recovery.Value : policy.RecoverySeconds);
}

/// <summary>A value a body gave for a field.</summary>
public readonly record struct Set<T>(T Value);
