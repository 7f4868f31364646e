using Uptime.Agent.Checks;
using Uptime.Agent.Configuration;

namespace Uptime.Agent.Ticks;

/// <summary>
/// Logs the tick counters every <see cref="AgentOptions.StatsInterval"/>, with how many checks waited for their host's
/// slot (<see cref="HostSlots"/>) when any did, and the tick counters once more when the agent stops
/// (registered before the hub connection and the check workers, so it stops after them and logs the final numbers).
/// </summary>
internal sealed class TickStatsService(
    AgentOptions options,
    TickBuffer buffer,
    HostSlots hosts,
    TimeProvider time,
    ILogger<TickStatsService> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var counters = buffer.Snapshot();
        logger.FinalTickStats(counters.Produced, counters.Sent, counters.Acknowledged, counters.Pending, counters.Resent, counters.Dropped, counters.Refused);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.StatsInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var counters = buffer.Snapshot();
                logger.TickStats(counters.Produced, counters.Acknowledged, counters.Pending, counters.Resent, counters.Dropped, counters.Refused);
                var (waited, longest) = hosts.TakeWaits();
                if (waited > 0)
                {
                    logger.HostWaits(waited, options.MaxChecksPerHost, Math.Round(longest.TotalMilliseconds));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
