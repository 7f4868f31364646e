using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>The websites table as a dictionary.</summary>
public sealed class FakeWebsiteCatalog : IWebsiteCatalog
{
    private readonly ConcurrentDictionary<Guid, WebsiteDefinition> _websites = new();

    public void Set(WebsiteDefinition website) => _websites[website.Id] = website;

    public void Remove(Guid websiteId) => _websites.TryRemove(websiteId, out _);

    public Task<WebsiteDefinition?> FindAsync(Guid websiteId, CancellationToken cancellationToken) =>
        Task.FromResult(_websites.GetValueOrDefault(websiteId));
}
