using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Grains;
using Uptime.Hub.Database;
using Uptime.Hub.Stats;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Websites;

/// <summary>
/// <c>/api/dashboard</c>: one page of websites as the web dashboard shows it (live status, uptime, heartbeat bar),
/// how many websites match, the count per status over all websites (the page's counted as shown, see
/// <see cref="DashboardCounts"/>), and the validators. Only the page's websites
/// are asked for their live state, so the cost of a request does not grow with the number of websites. While the database
/// is unavailable, this silo's last page and uptime for the same query and its last validator list, with the live states of now.
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", GetAsync).WithTags("Dashboard").ProducesValidationProblem()
            .WithName("GetDashboard").WithSummary("One page of websites as the dashboard shows them, with the counts per status and the validators.");
        return app;
    }

    public static async Task<Ok<DashboardView>> GetAsync(
        [AsParameters] DashboardQuery query,
        WebsiteListing listing,
        ValidatorRepository validators,
        StatsRepository stats,
        LiveSnapshots snapshots,
        LastAnswers<WebsiteListQuery, (WebsitePage Page, DashboardUptime Uptime)> lastPages,
        LastAnswers<Type, IReadOnlyList<ValidatorRecord>> lastValidatorLists,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var wanted = query.ToListQuery();
        var (page, uptime) = await lastPages.ReadAsync(
            wanted,
            async () =>
            {
                var read = await listing.ListAsync(wanted, cancellationToken);
                var ids = read.Websites.Select(w => w.Id).ToList();
                return (read, new DashboardUptime(
                    await stats.GetUptimeAsync(ids, cancellationToken), await stats.GetUptimeByTimeAsync(ids, cancellationToken)));
            },
            response);
        var live = await snapshots.GetAsync(page.Websites.Select(w => w.Id));
        var shown = page.Websites.Select((website, i) =>
            website.Enabled ? (live[i]?.Status ?? WebsiteHealth.Unknown).ToString() : WebsiteListQuery.Paused).ToList();
        return TypedResults.Ok(new DashboardView(
            page.Total,
            DashboardCounts.Reconcile(page.Counts, page.CountedAs, shown),
            wanted.Limit,
            wanted.Offset,
            [.. page.Websites.Select((website, i) => DashboardWebsite.From(
                website, live[i], uptime.ByChecks.GetValueOrDefault(website.Id), uptime.ByTime.GetValueOrDefault(website.Id)))],
            await ValidatorsApi.ListAsync(validators, lastValidatorLists, response, cancellationToken)));
    }
}

/// <summary>The dashboard's answer: <c>Total</c> websites match the filter, <c>Websites</c> is the page from <c>Offset</c>.</summary>
public sealed record DashboardView(
    int Total,
    IReadOnlyDictionary<string, int> Counts,
    int Limit,
    int Offset,
    IReadOnlyList<DashboardWebsite> Websites,
    IReadOnlyList<ValidatorRecord> Validators);

/// <summary>The uptime figures of a dashboard page's websites: the share of good checks and uptime by time.</summary>
public sealed record DashboardUptime(Dictionary<Guid, UptimeSummary> ByChecks, Dictionary<Guid, UptimeByTimeSummary> ByTime);

/// <summary>
/// One row of the dashboard: definition, live status, uptime (<c>Uptime</c> the share of good checks,
/// <c>UptimeByTime</c> the share of time up), the heartbeat bar and when it was added.
/// </summary>
/// <param name="Id">The website's id.</param>
/// <param name="Url">The address checked.</param>
/// <param name="Name">The display name, if it has one.</param>
/// <param name="Tags">Its tags, lower-case.</param>
/// <param name="Interval">Seconds between checks.</param>
/// <param name="Enabled">False while paused.</param>
/// <param name="Status">The live status from the website's grain.</param>
/// <param name="StatusChangedAt">When the status last changed.</param>
/// <param name="LastLatency">The latest tick's latency in ms.</param>
/// <param name="LastCheckedAt">The latest tick's time.</param>
/// <param name="Uptime">The share of good checks in percent over 24 h, 7 d and 30 d (hour rollups).</param>
/// <param name="UptimeByTime">
/// The share of time up (Up and Degraded) over the last 24 h, 7 d and 30 d, Unknown and Maintenance time excluded, with
/// the seconds per status.
/// </param>
/// <param name="Recent">The last 30 ticks, for the heartbeat bar.</param>
/// <param name="CreatedAt">When the website was added.</param>
/// <param name="StatusReason">Why the status is what it is (null when Up); see the README's Verdicts.</param>
public sealed record DashboardWebsite(
    Guid Id,
    string Url,
    string? Name,
    IReadOnlyList<string> Tags,
    int Interval,
    bool Enabled,
    WebsiteHealth Status,
    DateTime? StatusChangedAt,
    double? LastLatency,
    DateTime? LastCheckedAt,
    UptimeSummary Uptime,
    IReadOnlyList<RecentTickView> Recent,
    DateTime CreatedAt,
    UptimeByTimeSummary UptimeByTime,
    string? StatusReason)
{
    public static DashboardWebsite From(
        WebsiteRecord website, WebsiteSnapshot? live, UptimeSummary? uptime, UptimeByTimeSummary? uptimeByTime) => new(
        website.Id,
        website.Url,
        website.Name,
        website.Tags,
        website.IntervalSeconds,
        website.Enabled,
        live?.Status ?? WebsiteHealth.Unknown,
        live?.StatusChangedAt,
        live?.LastLatencyMs,
        live?.LastCheckedAt,
        uptime ?? new UptimeSummary(null, null, null),
        live is null ? [] : [.. live.Recent.Select(t => new RecentTickView(t.Good ? "Good" : "Bad", t.LatencyMs, t.Timestamp))],
        website.CreatedAt,
        uptimeByTime ?? UptimeByTimeSummary.None,
        live?.StatusReason);
}

/// <summary>
/// A tick of the heartbeat bar: only what the bar draws, since each website grain keeps its last 30 in memory. The
/// dashboard reads a tick's validator and error, for its tooltip, from <c>GET /api/websites/{id}/ticks</c> on demand.
/// </summary>
public sealed record RecentTickView(string Status, double Latency, DateTime Timestamp);
