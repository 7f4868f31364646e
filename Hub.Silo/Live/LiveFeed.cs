using System.Collections.Concurrent;
using Uptime.Grains;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Live;

/// <summary>
/// Collects what happens on this silo (ticks received, websites changed through the API, incidents changed) and once a second
/// hands it to the dashboard streams of every silo, so a browser sees everything whichever silo it is on.
/// Every few seconds it also sends this silo's streams the validator list.
/// </summary>
public sealed partial class LiveFeed(
    SiloDirectoryUpdater directory,
    LiveStreams streams,
    ValidatorRepository validators,
    ILogger<LiveFeed> logger) : BackgroundService, ILiveTicks, ILiveIncidents
{
    public const int MaxPendingTicks = 20_000;
    public static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ValidatorsPeriod = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<LiveTick> _ticks = new();
    private readonly ConcurrentQueue<WebsiteChange> _changes = new();
    private readonly ConcurrentQueue<IncidentChange> _incidents = new();

    public void AddTick(LiveTick tick)
    {
        if (_ticks.Count < MaxPendingTicks)
        {
            _ticks.Enqueue(tick);
        }
    }

    public void AddWebsiteChange(Guid websiteId, string action) => _changes.Enqueue(new WebsiteChange(websiteId, action));

    /// <summary>Announces an incident's change; call it after the change is committed.</summary>
    public void AddIncidentChange(IncidentChange change) => _incidents.Enqueue(change);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushPeriod);
        var sinceValidators = TimeSpan.Zero;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushAsync();
            sinceValidators += FlushPeriod;
            if (sinceValidators >= ValidatorsPeriod && streams.Count > 0)
            {
                sinceValidators = TimeSpan.Zero;
                await SendValidatorsAsync(stoppingToken);
            }
        }
    }

    private async Task FlushAsync()
    {
        var batch = new LiveBatch(Drain(_ticks), Drain(_changes), Drain(_incidents));
        if (batch.Ticks.Count == 0 && batch.WebsiteChanges.Count == 0 && batch.IncidentChanges.Count == 0)
        {
            return;
        }

        streams.Deliver(batch);
        foreach (var silo in directory.Silos.Where(g => g.SiloId != directory.SiloId))
        {
            try
            {
                await silo.Relay.PublishAsync(batch);
            }
            catch (Exception e)
            {
                LogForwardFailed(logger, silo.SiloId, e.Message);
            }
        }
    }

    private async Task SendValidatorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            streams.Broadcast("validators", await validators.ListAsync(cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogForwardFailed(logger, "validators", e.Message);
        }
    }

    private static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        var items = new List<T>(queue.Count);
        while (queue.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    [LoggerMessage(5001, LogLevel.Warning, "Live dashboard update to {Target} failed: {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, string target, string reason);
}
