namespace Uptime.Grains;

/// <summary>Reads websites (implemented over PostgreSQL by the hub).</summary>
public interface IWebsiteCatalog
{
    Task<StoredWebsite?> FindAsync(Guid websiteId, CancellationToken cancellationToken);
}
