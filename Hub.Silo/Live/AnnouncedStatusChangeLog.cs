using Uptime.Grains;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Live;

/// <summary>
/// The status change log the website grains write to: PostgreSQL first, then a <c>website</c> event with action
/// <c>status</c> on the live dashboards, so a change no tick carries (ticks gone stale → Unknown) shows at once.
/// </summary>
public sealed class AnnouncedStatusChangeLog(PostgresStatusChangeLog store, LiveFeed live) : IStatusChangeLog
{
    public const string Action = "status";

    public async Task RecordAsync(Guid websiteId, DateTime at, WebsiteHealth from, WebsiteHealth to, CancellationToken cancellationToken)
    {
        await store.RecordAsync(websiteId, at, from, to, cancellationToken);
        live.AddWebsiteChange(websiteId, Action);
    }
}
