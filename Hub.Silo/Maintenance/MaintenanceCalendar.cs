using System.Collections.Concurrent;
using Uptime.Grains;

namespace Uptime.Hub.Maintenance;

/// <summary>
/// This silo's copy of the maintenance windows, read from PostgreSQL at start, every <see cref="MaintenanceOptions.RefreshPeriod"/>
/// and at once after a change through this silo's API. Every <see cref="BoundaryCheckPeriod"/> it looks for windows that
/// opened or closed, and tells the website grains living here that such a window, or a window changed by a reading, covers.
/// </summary>
public sealed partial class MaintenanceCalendar(
    MaintenanceRepository repository,
    IGrainFactory grains,
    MaintenanceOptions options,
    TimeProvider time,
    ILogger<MaintenanceCalendar> logger) : BackgroundService, IMaintenanceCalendar
{
    public static readonly TimeSpan BoundaryCheckPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, byte> _watched = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MaintenanceSchedule _schedule = MaintenanceSchedule.Empty;
    private HashSet<Guid> _open = [];

    public MaintenanceSchedule Schedule => Volatile.Read(ref _schedule);

    public bool IsInMaintenance(Guid websiteId, DateTime at) => Schedule.IsInMaintenance(websiteId, at);

    public void Watch(Guid websiteId) => _watched.TryAdd(websiteId, 0);

    public void Unwatch(Guid websiteId) => _watched.TryRemove(websiteId, out _);

    /// <summary>Reads the windows before the website grains start asking, so none of them judges from an empty calendar.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReadFailed(logger, e);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>Reads the windows again and tells the websites covered by a window that was created, changed or deleted.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var before = _schedule;
            var after = new MaintenanceSchedule(await repository.ListAsync(cancellationToken));
            Volatile.Write(ref _schedule, after);
            Notify(MaintenanceSchedule.Differences(before, after));
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(BoundaryCheckPeriod, time);
        var nextRead = Now + options.RefreshPeriod;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (Now >= nextRead)
            {
                nextRead = Now + options.RefreshPeriod;
                try
                {
                    await ReadAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogReadFailed(logger, e);
                }
            }

            await CrossBoundariesAsync(stoppingToken);
        }
    }

    /// <summary>
    /// Tells the websites of each window that opened or closed since the last look (only here: a reading in between must not
    /// hide a boundary it crossed).
    /// </summary>
    private async Task CrossBoundariesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var schedule = _schedule;
            var open = schedule.OpenAt(Now);
            var flipped = schedule.Windows.Select(w => w.Window).Where(w => open.Contains(w.Id) != _open.Contains(w.Id)).ToList();
            _open = open;
            Notify(flipped);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Notify(IEnumerable<MaintenanceWindow> windows)
    {
        var affected = new HashSet<Guid>();
        foreach (var window in windows)
        {
            if (window.AllWebsites)
            {
                affected.UnionWith(_watched.Keys);
                break;
            }

            affected.UnionWith(window.WebsiteIds.Where(_watched.ContainsKey));
        }

        foreach (var websiteId in affected)
        {
            _ = grains.GetGrain<IWebsiteGrain>(websiteId).MaintenanceChangedAsync();
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(7001, LogLevel.Warning, "Reading the maintenance windows failed; this silo keeps its last copy and tries again next period")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
