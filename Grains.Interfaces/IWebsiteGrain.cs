using Orleans.Concurrency;

namespace Uptime.Grains;

/// <summary>One monitored website (key: website id): dispatches its checks and aggregates their ticks.</summary>
public interface IWebsiteGrain : IGrainWithGuidKey
{
    /// <summary>Re-reads the definition from the catalog and reschedules; false when the website no longer exists.</summary>
    Task<bool> RefreshAsync();

    /// <summary>Admits a tick (only an answer to an open check this website sent that validator) and folds it into the live aggregate.</summary>
    Task<TickOutcome> RecordTickAsync(TickReport tick);

    /// <summary>
    /// Takes a push of a push monitor's job and judges the monitor from it; the status after it, or null when the website
    /// is not a push monitor (or no longer exists).
    /// </summary>
    Task<WebsiteHealth?> RecordPushAsync(PushReport push);

    /// <summary>A maintenance window covering this website started or ended, or was created, changed or deleted: the status is derived again.</summary>
    [OneWay]
    Task MaintenanceChangedAsync();

    /// <summary>An operator acknowledged or resolved the website's incident (through the API): the grain reads its open incident again.</summary>
    [OneWay]
    Task IncidentChangedAsync();

    /// <summary>Nothing but activation: an enabled website's grain schedules its checks when it activates.</summary>
    Task KeepAliveAsync();

    /// <summary>
    /// The live aggregate, or null when the website does not exist. Asked by API reads, which must not wait for a
    /// grain on a frozen or dying silo: after 2 s the call fails (<see cref="TimeoutException"/>).
    /// </summary>
    [ResponseTimeout("00:00:02")]
    Task<WebsiteSnapshot?> GetSnapshotAsync();
}
