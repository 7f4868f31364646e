using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Stats;

/// <summary>Statistics from the rollups: per website, for the whole fleet, latency series and status changes.</summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats", GetFleetStatsAsync).WithTags("Statistics");
        var website = app.MapGroup("/api/websites/{id:guid}").WithTags("Statistics");
        website.MapGet("/stats", GetWebsiteStatsAsync);
        website.MapGet("/series", GetSeriesAsync);
        website.MapGet("/status-changes", GetStatusChangesAsync);
        return app;
    }

    public static async Task<Results<Ok<StatsResponse>, ValidationProblem>> GetFleetStatsAsync(
        string? window, StatsRepository stats, CancellationToken cancellationToken) =>
        StatsWindow.Parse(window) is { } parsed
            ? TypedResults.Ok(await stats.GetStatsAsync(StatsRepository.Fleet, parsed, cancellationToken))
            : BadWindow();

    public static Task<Results<Ok<StatsResponse>, NotFound, ValidationProblem>> GetWebsiteStatsAsync(
        Guid id, string? window, StatsRepository stats, WebsiteRepository websites, CancellationToken cancellationToken) =>
        ForWebsiteWindowAsync(id, window, websites, parsed => stats.GetStatsAsync(id, parsed, cancellationToken), cancellationToken);

    public static Task<Results<Ok<SeriesResponse>, NotFound, ValidationProblem>> GetSeriesAsync(
        Guid id, string? window, StatsRepository stats, WebsiteRepository websites, CancellationToken cancellationToken) =>
        ForWebsiteWindowAsync(id, window, websites, parsed => stats.GetSeriesAsync(id, parsed, cancellationToken), cancellationToken);

    public static async Task<Results<Ok<IReadOnlyList<StatusChange>>, NotFound, ValidationProblem>> GetStatusChangesAsync(
        Guid id, int? limit, StatsRepository stats, WebsiteRepository websites, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 1000"] });
        }

        return await websites.FindAsync(id, cancellationToken) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(await stats.GetStatusChangesAsync(id, limit ?? 50, cancellationToken));
    }

    /// <summary>Validates the window, answers 404 for an unknown website, else the statistic <paramref name="read"/> returns.</summary>
    private static async Task<Results<Ok<T>, NotFound, ValidationProblem>> ForWebsiteWindowAsync<T>(
        Guid id, string? window, WebsiteRepository websites, Func<StatsWindow, Task<T>> read, CancellationToken cancellationToken)
    {
        if (StatsWindow.Parse(window) is not { } parsed)
        {
            return BadWindow();
        }

        return await websites.FindAsync(id, cancellationToken) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(await read(parsed));
    }

    private static ValidationProblem BadWindow() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["window"] = [$"window must be one of {string.Join(", ", StatsWindow.All.Select(w => w.Name))}"],
    });
}
