namespace Uptime.Grains;

/// <summary>
/// In-memory list of the silos' relays. Nothing here needs to survive: every silo republishes every few
/// seconds. An entry leaves as soon as cluster membership declares its silo dead; one not republished within
/// <see cref="EntryLifetime"/> is dropped too, for what membership cannot see: a silo still alive whose
/// publisher stopped, or one whose membership row is gone.
/// </summary>
[GrainType("silo-directory")]
public sealed class SiloDirectoryGrain(TimeProvider time, IClusterMembershipService membership)
    : Grain, ISiloDirectoryGrain
{
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (SiloEntry Entry, DateTimeOffset PublishedAt)> _entries = [];

    public Task<IReadOnlyList<SiloEntry>> PublishAsync(SiloEntry entry)
    {
        var now = time.GetUtcNow();
        var snapshot = membership.CurrentSnapshot;
        _entries[entry.SiloId] = (entry, now);
        foreach (var (siloId, (_, publishedAt)) in _entries)
        {
            if (now - publishedAt > EntryLifetime || snapshot.IsDeclaredDead(siloId))
            {
                _entries.Remove(siloId);
            }
        }

        return Task.FromResult<IReadOnlyList<SiloEntry>>([.. _entries.Values.Select(e => e.Entry)]);
    }

    public Task RemoveAsync(string siloId)
    {
        _entries.Remove(siloId);
        return Task.CompletedTask;
    }
}
