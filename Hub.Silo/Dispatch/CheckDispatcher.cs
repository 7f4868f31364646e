using System.Collections.Concurrent;
using System.Collections.Immutable;
using Uptime.Grains;
using Uptime.Hub.Observability;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Dispatch;

/// <summary>
/// Collects the checks that this silo's website grains find due and, every <see cref="FlushPeriod"/>, sends
/// them in one call per silo to every silo's relay: each silo then fans them out to its own validators. So a
/// website costs one call per silo per interval, not one per validator, and checks due together share frames.
/// Only an Active silo sends (<see cref="SiloActivity"/>); a check that went stale in the queue is dropped.
/// </summary>
public sealed partial class CheckDispatcher(
    SiloDirectoryUpdater directory,
    LocalValidators local,
    SiloActivity activity,
    HubCounters counters,
    TimeProvider time,
    ILogger<CheckDispatcher> logger) : BackgroundService, ICheckDispatcher
{
    public static readonly TimeSpan FlushPeriod = TimeSpan.FromMilliseconds(20);
    public const int MaxChecksPerCall = 4096;

    private readonly ConcurrentQueue<CheckItem> _pending = new();

    public bool SiloIsActive => activity.IsActive;

    public DateTime? LatestCheckSeen(Guid websiteId, int intervalSeconds) => local.LatestDueOf(websiteId, intervalSeconds);

    public void Enqueue(CheckItem check)
    {
        _pending.Enqueue(check);
        counters.CheckDue();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushPeriod);
        activity.RoundEnded();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await activity.ConfirmAfterPauseAsync(stoppingToken);
            while (!_pending.IsEmpty)
            {
                var checks = Drain();
                if (!activity.IsActive)
                {
                    counters.ChecksDropped(checks.Length, DroppedCheckReasons.SiloNotActive);
                    continue;
                }

                await SendAsync(checks);
            }

            activity.RoundEnded();
        }
    }

    private ImmutableArray<CheckItem> Drain()
    {
        var batch = ImmutableArray.CreateBuilder<CheckItem>(Math.Min(_pending.Count, MaxChecksPerCall));
        var now = time.GetUtcNow().UtcDateTime;
        var stale = 0;
        while (batch.Count < MaxChecksPerCall && _pending.TryDequeue(out var check))
        {
            if (check.IsStaleAt(now))
            {
                stale++;
                continue;
            }

            batch.Add(check);
        }

        if (stale > 0)
        {
            counters.ChecksDropped(stale, DroppedCheckReasons.Stale);
        }

        return batch.DrainToImmutable();
    }

    private async Task SendAsync(ImmutableArray<CheckItem> checks)
    {
        if (checks.IsEmpty)
        {
            return;
        }

        await local.DispatchAsync(checks);
        foreach (var silo in directory.Silos)
        {
            if (silo.SiloId == directory.SiloId)
            {
                continue;
            }

            try
            {
                await silo.Relay.DispatchAsync(checks);
            }
            catch (Exception e)
            {
                counters.ChecksUndelivered(checks.Length);
                LogDispatchFailed(logger, checks.Length, silo.SiloId, e.Message);
            }
        }
    }

    [LoggerMessage(3201, LogLevel.Warning, "Dispatching {Count} checks to silo {SiloId} failed: {Reason}")]
    private static partial void LogDispatchFailed(ILogger logger, int count, string siloId, string reason);
}
