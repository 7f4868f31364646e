namespace Uptime.Grains;

/// <summary>Reads website definitions (implemented over PostgreSQL by the hub).</summary>
public interface IWebsiteCatalog
{
    Task<WebsiteDefinition?> FindAsync(Guid websiteId, CancellationToken cancellationToken);
}
