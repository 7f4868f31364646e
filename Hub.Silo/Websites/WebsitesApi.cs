using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Grains;
using Uptime.Hub.Live;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Websites;

/// <summary><c>/api/websites</c>: create, list, read, change and delete monitored websites; read their ticks.</summary>
public static class WebsitesApi
{
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapWebsitesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/websites").WithTags("Websites");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPatch("/{id:guid}", UpdateAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
        group.MapGet("/{id:guid}/ticks", ListTicksAsync);
        return app;
    }

    public static async Task<Results<Created<WebsiteView>, ValidationProblem>> CreateAsync(
        HttpRequest request, WebsiteTargets targets, WebsiteRepository websites, IGrainFactory grains, LiveFeed live,
        CancellationToken cancellationToken)
    {
        var (input, errors) = await WebsiteInput.ReadAsync(request, creating: true, targets);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var website = await websites.CreateAsync(input!.Url!, input.Interval ?? WebsiteInput.DefaultInterval, cancellationToken);
        await grains.GetGrain<IWebsiteGrain>(website.Id).RefreshAsync();
        live.AddWebsiteChange(website.Id, "created");
        return TypedResults.Created($"/api/websites/{website.Id}", WebsiteView.From(website, null));
    }

    public static async Task<Results<Ok<WebsiteView[]>, ValidationProblem>> ListAsync(
        string? limit, string? offset, WebsiteRepository websites, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = QueryParameters.Number(limit, "limit", 1, MaxPageSize, 100, errors);
        var skip = QueryParameters.Number(offset, "offset", 0, int.MaxValue, 0, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await websites.ListAsync(take, skip, cancellationToken);
        var live = await Task.WhenAll(page.Select(w => grains.GetGrain<IWebsiteGrain>(w.Id).GetSnapshotAsync()));
        return TypedResults.Ok(page.Select((website, i) => WebsiteView.From(website, live[i])).ToArray());
    }

    public static async Task<Results<Ok<WebsiteView>, NotFound>> GetAsync(
        Guid id, WebsiteRepository websites, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var website = await websites.FindAsync(id, cancellationToken);
        if (website is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(WebsiteView.From(website, await grains.GetGrain<IWebsiteGrain>(id).GetSnapshotAsync()));
    }

    public static async Task<Results<Ok<WebsiteView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, HttpRequest request, WebsiteTargets targets, WebsiteRepository websites, IGrainFactory grains, LiveFeed live,
        CancellationToken cancellationToken)
    {
        var (input, errors) = await WebsiteInput.ReadAsync(request, creating: false, targets);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var website = await websites.UpdateAsync(id, input!.Url, input.Interval, input.Enabled, cancellationToken);
        if (website is null)
        {
            return TypedResults.NotFound();
        }

        var grain = grains.GetGrain<IWebsiteGrain>(id);
        await grain.RefreshAsync();
        live.AddWebsiteChange(id, "updated");
        return TypedResults.Ok(WebsiteView.From(website, await grain.GetSnapshotAsync()));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, WebsiteRepository websites, IGrainFactory grains, LiveFeed live, CancellationToken cancellationToken)
    {
        if (!await websites.DeleteAsync(id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await grains.GetGrain<IWebsiteGrain>(id).RefreshAsync();
        live.AddWebsiteChange(id, "deleted");
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<IReadOnlyList<TickRecord>>, NotFound, ValidationProblem>> ListTicksAsync(
        Guid id, string? limit, string? before, WebsiteRepository websites, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = QueryParameters.Number(limit, "limit", 1, MaxPageSize, 100, errors);
        DateTime? until = null;
        if (before is not null)
        {
            if (DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                until = parsed.UtcDateTime;
            }
            else
            {
                errors["before"] = ["before must be an ISO-8601 timestamp such as 2025-11-20T12:00:00Z"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await websites.FindAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await websites.ListTicksAsync(id, take, until, cancellationToken));
    }
}
