using Uptime.Hub.Dispatch;
using Uptime.Hub.Ticks;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Observability;

/// <summary>Logs the spec's periodic stats line ("Active validators: X", "Dispatching X website checks").</summary>
public sealed partial class StatsReporter(
    ObservabilityOptions options,
    LocalValidators local,
    SiloDirectoryUpdater directory,
    HubCounters counters,
    TickWriter ticks,
    ILogger<StatsReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.StatsInterval);
        long previousDue = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = counters.ChecksDue;
            LogStats(
                logger,
                local.Count,
                directory.ConnectedValidators(),
                due - previousDue,
                options.StatsInterval.TotalSeconds,
                counters.TicksReceived,
                counters.TicksStored,
                ticks.QueueLength);
            previousDue = due;
        }
    }

    [LoggerMessage(4001, LogLevel.Information,
        "📊 Active validators: {Local} on this silo, {Cluster} in the cluster | Dispatching {Checks} website checks in the last {Seconds:0} s | ticks received {Received}, stored {Stored}, queued {Queued}")]
    private static partial void LogStats(ILogger logger, int local, int cluster, long checks, double seconds, long received, long stored, int queued);
}
