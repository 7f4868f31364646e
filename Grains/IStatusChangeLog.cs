namespace Uptime.Grains;

/// <summary>
/// The one store of a website's status (implemented over PostgreSQL by the hub): each transition is logged and becomes
/// the website's current status, which <see cref="IWebsiteCatalog"/> reads back. Only the website grain writes here.
/// </summary>
public interface IStatusChangeLog
{
    Task RecordAsync(Guid websiteId, DateTime at, WebsiteHealth from, WebsiteHealth to, CancellationToken cancellationToken);
}
