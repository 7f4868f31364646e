namespace Uptime.Grains;

/// <summary>
/// A check a website grain sent off its slots: at once on creation or resumption (to every validator), or a confirmation
/// round (<paramref name="Targets"/>: validators of other regions).
/// </summary>
public sealed record OffSlotCheck(DateTime DueAt, Guid[]? Targets = null, bool Confirmation = false)
{
    public bool IsFor(Guid validatorId) => CheckTargets.Include(Targets, validatorId);
}
