namespace Uptime.Grains;

/// <summary>
/// One check of one website, due at <c>DueAt</c> (its slot), bound for every online validator, or only for
/// <c>Targets</c> when the website's regions or validators per region narrow it, or for a confirmation
/// (<c>Confirmation</c>: sent off the slots to validators of other regions when one region first sees a failure).
/// <c>Monitor</c>: how to run it, null for the plain HTTP check; a validator without its capability is never sent it.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.check-item")]
public sealed record CheckItem(
    [property: Id(0)] Guid WebsiteId,
    [property: Id(1)] string Url,
    [property: Id(2)] int IntervalSeconds,
    [property: Id(3)] DateTime DueAt,
    [property: Id(4)] Guid[]? Targets = null,
    [property: Id(5)] bool Confirmation = false,
    [property: Id(6)] MonitorSpec? Monitor = null)
{
    /// <summary>Whether it goes to the validator (with the capabilities it announced, null for none).</summary>
    public bool IsFor(Guid validatorId, string[]? capabilities) =>
        CheckTargets.Include(Targets, validatorId) && (Monitor is null || Monitor.CanRunOn(capabilities));

    /// <summary>Whether some validators may not receive it: it names its targets, or needs a capability.</summary>
    public bool IsNarrowed => Targets is not null || Monitor?.Capability is not null;

    /// <summary>
    /// More than half an interval past its slot: sent now, it would land close to the next slot's check (a second
    /// check of the website within one interval), so it is dropped instead, e.g. after the silo was paused.
    /// </summary>
    public bool IsStaleAt(DateTime now) => (now - DueAt).Ticks * 2 > TimeSpan.TicksPerSecond * IntervalSeconds;
}
