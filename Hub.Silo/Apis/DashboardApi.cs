using Uptime.Grains;
using Uptime.Hub.Persistence;
using Uptime.Hub.Stats;

namespace Uptime.Hub.Apis;

/// <summary><c>/api/dashboard</c>: everything the web dashboard shows at load, in one request.</summary>
public static class DashboardApi
{
    public const int MaxWebsites = 10_000;

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", GetAsync).WithTags("Dashboard");
        return app;
    }

    public static async Task<DashboardView> GetAsync(
        WebsiteRepository websites,
        ValidatorRepository validators,
        StatsRepository stats,
        IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        var all = await websites.ListAsync(MaxWebsites, 0, cancellationToken);
        var live = await Task.WhenAll(all.Select(w => grains.GetGrain<IWebsiteGrain>(w.Id).GetSnapshotAsync()));
        var uptime = await stats.GetUptimeAsync([.. all.Select(w => w.Id)], cancellationToken);
        return new DashboardView(
            [.. all.Select((website, i) => DashboardWebsite.From(website, live[i], uptime.GetValueOrDefault(website.Id)))],
            await validators.ListAsync(cancellationToken));
    }
}

public sealed record DashboardView(IReadOnlyList<DashboardWebsite> Websites, IReadOnlyList<ValidatorRecord> Validators);

/// <summary>One row of the dashboard: definition, live status, uptime and the heartbeat bar.</summary>
public sealed record DashboardWebsite(
    Guid Id,
    string Url,
    int Interval,
    bool Enabled,
    WebsiteHealth Status,
    DateTime? StatusChangedAt,
    double? LastLatency,
    DateTime? LastCheckedAt,
    UptimeSummary Uptime,
    IReadOnlyList<RecentTickView> Recent)
{
    public static DashboardWebsite From(WebsiteRecord website, WebsiteSnapshot? live, UptimeSummary? uptime) => new(
        website.Id,
        website.Url,
        website.IntervalSeconds,
        website.Enabled,
        live?.Status ?? WebsiteHealth.Unknown,
        live?.StatusChangedAt,
        live?.LastLatencyMs,
        live?.LastCheckedAt,
        uptime ?? new UptimeSummary(null, null, null),
        live is null ? [] : [.. live.Recent.Select(t => new RecentTickView(t.Good ? "Good" : "Bad", t.LatencyMs, t.Timestamp))]);
}

public sealed record RecentTickView(string Status, double Latency, DateTime Timestamp);
