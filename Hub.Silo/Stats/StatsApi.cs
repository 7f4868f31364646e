using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Hub.Hosting;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Stats;

/// <summary>
/// Statistics from the rollups: per website, for the whole fleet, latency series and status changes. The <c>window</c>
/// and <c>limit</c> parameters are checked by their attributes before a handler runs.
/// </summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats", GetFleetStatsAsync).WithTags("Statistics").ProducesValidationProblem()
            .WithName("GetFleetStats").WithSummary("Uptime, checks and latency percentiles of all websites over a window.");
        var website = app.MapGroup("/api/websites/{id}").WithTags("Statistics").ProducesValidationProblem();
        website.MapGet("/stats", GetWebsiteStatsAsync)
            .WithName("GetWebsiteStats").WithSummary("Uptime, checks and latency percentiles of one website over a window.");
        website.MapGet("/series", GetSeriesAsync)
            .WithName("GetWebsiteSeries").WithSummary("A website's latency per location over a window.");
        website.MapGet("/phases", GetPhasesAsync)
            .WithName("GetWebsitePhases").WithSummary("Median and 95th percentile of each timing phase (DNS, connect, TLS, first byte, transfer) per region over a window.");
        website.MapGet("/status-changes", GetStatusChangesAsync)
            .WithName("ListWebsiteStatusChanges").WithSummary("A website's status changes, newest first.");
        return app;
    }

    public static async Task<Ok<StatsResponse>> GetFleetStatsAsync(
        [StatsWindowName] string? window, StatsRepository stats, CancellationToken cancellationToken) =>
        TypedResults.Ok(await stats.GetStatsAsync(StatsRepository.Fleet, Window(window), cancellationToken));

    public static Task<Results<Ok<StatsResponse>, NotFoundProblem>> GetWebsiteStatsAsync(
        Guid id, [StatsWindowName] string? window, StatsRepository stats, WebsiteRepository websites, CancellationToken cancellationToken) =>
        ForWebsiteAsync(id, websites, () => stats.GetStatsAsync(id, Window(window), cancellationToken), cancellationToken);

    public static Task<Results<Ok<SeriesResponse>, NotFoundProblem>> GetSeriesAsync(
        Guid id, [StatsWindowName] string? window, StatsRepository stats, WebsiteRepository websites, CancellationToken cancellationToken) =>
        ForWebsiteAsync(id, websites, () => stats.GetSeriesAsync(id, Window(window), cancellationToken), cancellationToken);

    public static Task<Results<Ok<PhaseStatsResponse>, NotFoundProblem>> GetPhasesAsync(
        Guid id, [StatsWindowName] string? window, PhaseStatsRepository phases, WebsiteRepository websites, CancellationToken cancellationToken) =>
        ForWebsiteAsync(id, websites, () => phases.GetAsync(id, Window(window), cancellationToken), cancellationToken);

    public static Task<Results<Ok<IReadOnlyList<StatusChange>>, NotFoundProblem>> GetStatusChangesAsync(
        Guid id,
        [Range(1, Paging.MaxLimit, ErrorMessage = "{0} must be between {1} and {2}")] int? limit,
        StatsRepository stats,
        WebsiteRepository websites,
        CancellationToken cancellationToken) =>
        ForWebsiteAsync(id, websites, () => stats.GetStatusChangesAsync(id, limit ?? 50, cancellationToken), cancellationToken);

    /// <summary>The window a request names, already accepted by <see cref="StatsWindowNameAttribute"/>.</summary>
    private static StatsWindow Window(string? name) => StatsWindow.Parse(name)!;

    /// <summary>Answers 404 for an unknown website, else the statistic <paramref name="read"/> returns.</summary>
    private static async Task<Results<Ok<T>, NotFoundProblem>> ForWebsiteAsync<T>(
        Guid id, WebsiteRepository websites, Func<Task<T>> read, CancellationToken cancellationToken) =>
        await websites.FindAsync(id, cancellationToken) is null
            ? new NotFoundProblem($"website {id}")
            : TypedResults.Ok(await read());
}
