namespace Uptime.Grains;

/// <summary>
/// What cluster membership says about a directory entry: a silo it has declared dead (or replaced by a newer generation
/// on the same endpoint) no longer takes checks or live batches, whatever its last publication said.
/// </summary>
public static class DeadSilos
{
    public static bool IsDeclaredDead(this ClusterMembershipSnapshot membership, string siloId) =>
        SiloAddress.TryParse(siloId, out var silo) && membership.GetSiloStatus(silo) == SiloStatus.Dead;

    public static IReadOnlyList<SiloEntry> WithoutDeadSilos(
        this IEnumerable<SiloEntry> entries, ClusterMembershipSnapshot membership) =>
        [.. entries.Where(entry => !membership.IsDeclaredDead(entry.SiloId))];
}
