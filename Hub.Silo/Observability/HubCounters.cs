using Uptime.Grains;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Observability;

/// <summary>
/// Running totals of this silo, for the periodic stats line; the one place production code reports to, which also
/// records into the <see cref="HubMetrics"/> instruments behind <c>/metrics</c> (when given).
/// </summary>
/// <param name="metrics">The meter instruments; <see langword="null"/> counts for the stats line only.</param>
/// <param name="time">Clock for the tick writer lag; the system clock by default.</param>
public sealed class HubCounters(HubMetrics? metrics = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _ticksReceived;
    private long _ticksStored;
    private long _checksSent;
    private long _checksDue;

    public long TicksReceived => Interlocked.Read(ref _ticksReceived);

    public long TicksStored => Interlocked.Read(ref _ticksStored);

    /// <summary>Check items written to validator sockets of this silo.</summary>
    public long ChecksSent => Interlocked.Read(ref _checksSent);

    /// <summary>Checks that website grains on this silo found due.</summary>
    public long ChecksDue => Interlocked.Read(ref _checksDue);

    /// <summary>A tick was accepted, with the check latency (ms) its validator reported.</summary>
    public void TickReceived(double latencyMs)
    {
        Interlocked.Increment(ref _ticksReceived);
        metrics?.TickReceived();
        metrics?.CheckLatency(latencyMs);
    }

    /// <summary>A batch was committed just now: counts it and records each tick's lag since <see cref="TickRow.ReceivedAt"/>.</summary>
    public void TicksWritten(IReadOnlyList<TickRow> batch)
    {
        Interlocked.Add(ref _ticksStored, batch.Count);
        if (metrics is null)
        {
            return;
        }

        metrics.TickBatchStored(batch.Count);
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var tick in batch)
        {
            metrics.TickWriterLag(Math.Max(0, (now - tick.ReceivedAt).TotalMilliseconds));
        }
    }

    public void ChecksWritten(int count)
    {
        Interlocked.Add(ref _checksSent, count);
        metrics?.ChecksDispatched(count);
    }

    /// <summary>A call handing checks to another silo's relay failed: those checks are lost for that silo's validators.</summary>
    public void ChecksUndelivered(int count) => metrics?.ChecksUndelivered(count);

    /// <summary>Checks dropped instead of sent; <paramref name="reason"/> is one of <see cref="DroppedCheckReasons"/>.</summary>
    public void ChecksDropped(int count, string reason) => metrics?.ChecksDropped(count, reason);

    /// <summary>The gateway refused a connection or a message; <paramref name="reason"/> is one of <see cref="Validators.RefusalReasons"/>.</summary>
    public void ValidatorRefused(string reason) => metrics?.ValidatorRefusal(reason);

    /// <summary>A tick was refused and not stored; <paramref name="code"/> is the ERROR code sent for it.</summary>
    public void TickRefused(string code) => metrics?.TickRefused(code);

    /// <summary>A website grain asked for a confirmation round; <paramref name="sent"/> false when the budget was spent.</summary>
    public void ConfirmationRound(bool sent) => metrics?.ConfirmationRound(sent);

    public void CheckDue() => Interlocked.Increment(ref _checksDue);

    /// <summary>A validator's canary round ended and its grain answered with <paramref name="standing"/>.</summary>
    public void CanaryRound(CanaryRound round, CanaryStanding standing)
    {
        metrics?.CanaryRound(ImpairmentRule.Fails(round) ? "failed" : ImpairmentRule.Passes(round) ? "passed" : "inconclusive");
        if (standing.Changed)
        {
            metrics?.ImpairmentChanged(standing.Impaired ? "impaired" : "recovered");
        }
    }

    /// <summary>A check is being written to a validator socket; records how long after its slot.</summary>
    public void CheckSent(DateTime dueAt) => metrics?.DispatchLag(Math.Max(0, (_time.GetUtcNow().UtcDateTime - dueAt).TotalMilliseconds));
}
