using Uptime.Grains;
using Uptime.Hub.Database;

namespace Uptime.Hub.Websites;

/// <summary>
/// The website grains' live aggregates for API reads. A grain that does not answer within its response timeout (its
/// silo frozen or dying, until membership moves it) gives no live data (null, shown as no live status) instead of
/// holding the whole request; so does a grain that cannot activate because the database is unavailable.
/// </summary>
public sealed partial class LiveSnapshots(IGrainFactory grains, ILogger<LiveSnapshots> logger)
{
    public Task<WebsiteSnapshot?[]> GetAsync(IEnumerable<Guid> websiteIds) => Task.WhenAll(websiteIds.Select(GetAsync));

    public async Task<WebsiteSnapshot?> GetAsync(Guid websiteId)
    {
        try
        {
            return await grains.GetGrain<IWebsiteGrain>(websiteId).GetSnapshotAsync();
        }
        // OperationCanceledException: the call expired before Orleans could place the grain (its directory was moving).
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or SiloUnavailableException or OrleansMessageRejectionException
            || DatabaseUnavailable.Explain(e) is not null)
        {
            LogNoAnswer(logger, websiteId, e.Message);
            return null;
        }
    }

    [LoggerMessage(3301, LogLevel.Warning, "No live data for website {WebsiteId}, its grain did not answer: {Reason}")]
    private static partial void LogNoAnswer(ILogger logger, Guid websiteId, string reason);
}
