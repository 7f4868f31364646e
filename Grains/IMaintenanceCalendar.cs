namespace Uptime.Grains;

/// <summary>
/// This silo's copy of the maintenance windows (implemented by the hub, kept in memory and refreshed from PostgreSQL), asked
/// by the website grains on every status evaluation, so it must answer from memory. A website that is watched here is told
/// (<see cref="IWebsiteGrain.MaintenanceChangedAsync"/>) when a window covering it starts or ends, or is created, changed
/// or deleted.
/// </summary>
public interface IMaintenanceCalendar
{
    bool IsInMaintenance(Guid websiteId, DateTime at);

    /// <summary>The website's grain lives on this silo: tell it when its maintenance starts or ends.</summary>
    void Watch(Guid websiteId);

    /// <summary>The website's grain left this silo: stop telling it.</summary>
    void Unwatch(Guid websiteId);
}
