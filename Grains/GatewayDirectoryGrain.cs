namespace Uptime.Grains;

/// <summary>
/// In-memory list of the silos' gateways. Nothing here needs to survive: every silo republishes every few
/// seconds, and an entry not republished within <see cref="EntryLifetime"/> is dropped (its silo is gone).
/// </summary>
[GrainType("gateway-directory")]
public sealed class GatewayDirectoryGrain(TimeProvider time) : Grain, IGatewayDirectoryGrain
{
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (GatewayEntry Entry, DateTimeOffset PublishedAt)> _entries = [];

    public Task<IReadOnlyList<GatewayEntry>> PublishAsync(GatewayEntry entry)
    {
        var now = time.GetUtcNow();
        _entries[entry.SiloId] = (entry, now);
        foreach (var (siloId, (_, publishedAt)) in _entries)
        {
            if (now - publishedAt > EntryLifetime)
            {
                _entries.Remove(siloId);
            }
        }

        return Task.FromResult<IReadOnlyList<GatewayEntry>>([.. _entries.Values.Select(e => e.Entry)]);
    }

    public Task RemoveAsync(string siloId)
    {
        _entries.Remove(siloId);
        return Task.CompletedTask;
    }
}
