namespace Uptime.Grains;

/// <summary>The history of a website's status transitions (implemented over PostgreSQL by the hub).</summary>
public interface IStatusChangeLog
{
    Task RecordAsync(Guid websiteId, DateTime at, WebsiteHealth from, WebsiteHealth to, CancellationToken cancellationToken);
}
