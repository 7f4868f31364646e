using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>Maintenance set per website by the test, open until cleared; records which websites the grains watch.</summary>
public sealed class FakeMaintenanceCalendar : IMaintenanceCalendar
{
    private readonly ConcurrentDictionary<Guid, byte> _inMaintenance = new();
    private readonly ConcurrentDictionary<Guid, byte> _watched = new();

    public void Open(Guid websiteId) => _inMaintenance[websiteId] = 0;

    public void Close(Guid websiteId) => _inMaintenance.TryRemove(websiteId, out _);

    public bool IsWatched(Guid websiteId) => _watched.ContainsKey(websiteId);

    public bool IsInMaintenance(Guid websiteId, DateTime at) => _inMaintenance.ContainsKey(websiteId);

    public void Watch(Guid websiteId) => _watched[websiteId] = 0;

    public void Unwatch(Guid websiteId) => _watched.TryRemove(websiteId, out _);
}
