using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>
/// The websites table as a dictionary. A website's status is the latest one recorded in <paramref name="statuses"/>
/// since it was last removed, as deleting the row deletes its status.
/// </summary>
public sealed class FakeWebsiteCatalog(RecordingStatusChangeLog statuses) : IWebsiteCatalog
{
    private readonly ConcurrentDictionary<Guid, WebsiteDefinition> _websites = new();
    private readonly ConcurrentDictionary<Guid, int> _statusesSince = new();

    public void Set(WebsiteDefinition website) => _websites[website.Id] = website;

    public void Remove(Guid websiteId)
    {
        _websites.TryRemove(websiteId, out _);
        _statusesSince[websiteId] = statuses.Recorded.Count;
    }

    public Task<StoredWebsite?> FindAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        if (!_websites.TryGetValue(websiteId, out var website))
        {
            return Task.FromResult<StoredWebsite?>(null);
        }

        var latest = statuses.Recorded
            .Skip(_statusesSince.GetValueOrDefault(websiteId))
            .Where(c => c.WebsiteId == websiteId)
            .MaxBy(c => c.At);
        return Task.FromResult<StoredWebsite?>(new StoredWebsite(website, latest?.To ?? WebsiteHealth.Unknown, latest?.At));
    }
}
