using System.Collections.Concurrent;
using System.Collections.Immutable;
using Uptime.Grains;

namespace Uptime.Hub.Dispatch;

/// <summary>
/// What this silo knows about the checks of silos that left the cluster (declared dead or shutting down): the latest due
/// time among the checks each relayed here before it was lost. A website grain taking over from a lost silo learns from it
/// whether its latest slot was sent (<see cref="ICheckDispatcher.LostSilosSentUntil"/>). Due times, not arrival times, so
/// that the silos' clocks need not agree. Only silos seen Active count, so a cold start finds no lost silos in the
/// membership table's history.
/// </summary>
public sealed class LostSilos(IClusterMembershipService membership, TimeProvider time) : BackgroundService
{
    /// <summary>How long a lost silo is remembered: its grains are taken over within seconds, by the keeper's sweep.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, DateTime> _latestDueHeard = new();
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seenActive = [];
    private MembershipVersion _followed = MembershipVersion.MinValue;
    private LostSilo[] _lost = [];

    /// <summary>Notes the latest due time among checks relayed here by silo <paramref name="siloId"/>.</summary>
    public void Heard(string siloId, ImmutableArray<CheckItem> checks)
    {
        var latest = DateTime.MinValue;
        foreach (var check in checks)
        {
            latest = check.DueAt > latest ? check.DueAt : latest;
        }

        _latestDueHeard.AddOrUpdate(siloId, latest, (_, known) => latest > known ? latest : known);
    }

    /// <summary>
    /// The latest due time of a check sent by a silo lost within <see cref="Memory"/>; null when none was lost. A silo
    /// that relayed nothing here counts as having sent checks until it was lost: it may have sent them to others only.
    /// </summary>
    public DateTime? SentUntil
    {
        get
        {
            // A grain may be placed here as soon as this silo's view declares the other dead, before the loop below
            // has seen that view: read it now.
            Follow(membership.CurrentSnapshot);
            var since = time.GetUtcNow().UtcDateTime - Memory;
            DateTime? sentUntil = null;
            foreach (var lost in Volatile.Read(ref _lost))
            {
                if (lost.LostAt >= since && (sentUntil is null || lost.SentUntil > sentUntil))
                {
                    sentUntil = lost.SentUntil;
                }
            }

            return sentUntil;
        }
    }

    /// <summary>Records the silos that left Active in <paramref name="snapshot"/> unless a newer one was followed already.</summary>
    public void Follow(ClusterMembershipSnapshot snapshot)
    {
        lock (_gate)
        {
            if (snapshot.Version <= _followed)
            {
                return;
            }

            _followed = snapshot.Version;
            var now = time.GetUtcNow().UtcDateTime;
            var lost = _lost.Where(silo => silo.LostAt >= now - Memory).ToList();
            foreach (var (address, member) in snapshot.Members)
            {
                var siloId = address.ToParsableString();
                if (member.Status == SiloStatus.Active)
                {
                    _seenActive.Add(siloId);
                }
                else if (member.Status is SiloStatus.ShuttingDown or SiloStatus.Stopping or SiloStatus.Dead && _seenActive.Remove(siloId))
                {
                    var sentUntil = _latestDueHeard.TryRemove(siloId, out var heard) ? heard : now;
                    lost.Add(new LostSilo(sentUntil, now));
                }
            }

            Volatile.Write(ref _lost, [.. lost]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                Follow(snapshot);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed record LostSilo(DateTime SentUntil, DateTime LostAt);
}
