using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Grains;
using Uptime.Hub.Database;
using Uptime.Hub.Hosting;
using Uptime.Hub.Live;
using Uptime.Hub.Maintenance;
using Uptime.Hub.Push;
using Uptime.Hub.Ticks;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Websites;

/// <summary><c>/api/websites</c>: create, list, read, change and delete monitored websites; read their ticks.</summary>
public static class WebsitesApi
{
    /// <summary>Set on an answer given from the grains' memory because the database is unavailable.</summary>
    public const string FromMemoryHeader = "X-Uptime-From-Memory";

    public static IEndpointRouteBuilder MapWebsitesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/websites").WithTags("Websites");
        group.MapPost("/", CreateAsync).DocumentsJsonBody<NewWebsiteBody>()
            .WithName("CreateWebsite").WithSummary("Adds a website to monitor.");
        group.MapGet("/", ListAsync).ProducesValidationProblem()
            .WithName("ListWebsites").WithSummary("Lists the websites, oldest first (those with a tag when ?tag= is given), with their live status.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetWebsite").WithSummary("Reads one website with its live status and each validator's latest tick.");
        group.MapPatch("/{id}", UpdateAsync).DocumentsJsonBody<WebsiteChangeBody>()
            .WithName("UpdateWebsite").WithSummary("Changes a website's URL, monitor type, check, interval, enabled state, name, tags or verdict fields, effective at once.");
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteWebsite").WithSummary("Deletes a website and its ticks.");
        group.MapGet("/{id}/ticks", ListTicksAsync).ProducesValidationProblem()
            .WithName("ListWebsiteTicks").WithSummary("Lists a website's stored ticks, newest first.");
        return app;
    }

    public static async Task<Results<Created<WebsiteView>, ValidationProblem>> CreateAsync(
        HttpRequest request, WebsiteTargets targets, WebsiteRepository websites, IGrainFactory grains, LiveFeed live,
        MaintenanceCalendar calendar, PushUrls pushUrls, TimeProvider time, CancellationToken cancellationToken)
    {
        var (input, errors) = await WebsiteInput.ReadAsync(request, creating: true, targets);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var website = await websites.CreateAsync(
            input!.Url, input.Interval ?? WebsiteInput.DefaultInterval, cancellationToken, input.Verdict.ApplyTo(VerdictPolicy.Default),
            input.Name?.Value, input.Tags, MonitorTypeNames.NameOf(input.Type ?? MonitorType.Http), input.Check?.Value);
        await grains.GetGrain<IWebsiteGrain>(website.Id).RefreshAsync();
        live.AddWebsiteChange(website.Id, "created");
        return TypedResults.Created(
            $"/api/websites/{website.Id}",
            WebsiteView.From(website, null, calendar, Now(time)) with { PushUrl = await pushUrls.ForAsync(request.HttpContext, website.Id) });
    }

    /// <summary>While the database is unavailable, this silo's last answer for the same page, with the live statuses of now.</summary>
    public static async Task<Ok<WebsiteView[]>> ListAsync(
        [AsParameters] ListWebsitesQuery query, WebsiteRepository websites, LiveSnapshots snapshots, MaintenanceCalendar calendar,
        TimeProvider time, LastAnswers<(int Take, int Skip, string? Tag), IReadOnlyList<WebsiteRecord>> lastPages, PushUrls pushUrls,
        HttpResponse response, CancellationToken cancellationToken)
    {
        var page = await lastPages.ReadAsync(
            (query.Take, query.Skip, query.TagFilter), () => websites.ListAsync(query.Take, query.Skip, query.TagFilter, cancellationToken), response);
        var live = await snapshots.GetAsync(page.Select(w => w.Id));
        var push = await pushUrls.ForAsync(response.HttpContext, [.. page.Select(w => w.Id)]);
        return TypedResults.Ok(page.Select((website, i) =>
            WebsiteView.From(website, live[i], calendar, Now(time)) with { PushUrl = push.GetValueOrDefault(website.Id) }).ToArray());
    }

    /// <summary>
    /// While the database is unavailable the website's grain answers alone, from the definition and the aggregate it
    /// holds, marked by <see cref="FromMemoryHeader"/>; a grain that cannot answer either leaves the failure to the 503.
    /// </summary>
    public static async Task<Results<Ok<WebsiteView>, NotFoundProblem>> GetAsync(
        Guid id, WebsiteRepository websites, LiveSnapshots snapshots, MaintenanceCalendar calendar, PushUrls pushUrls, TimeProvider time,
        HttpResponse response, CancellationToken cancellationToken)
    {
        WebsiteRecord? website;
        try
        {
            website = await websites.FindAsync(id, cancellationToken);
        }
        catch (Exception e) when (DatabaseUnavailable.Explain(e) is not null)
        {
            if (await snapshots.GetAsync(id) is not { } live)
            {
                throw;
            }

            response.Headers[FromMemoryHeader] = "database unavailable; definition and live status from the website's grain";
            return TypedResults.Ok(WebsiteView.FromGrain(id, live, calendar, Now(time)));
        }

        if (website is null)
        {
            return new NotFoundProblem($"website {id}");
        }

        return TypedResults.Ok(
            WebsiteView.From(website, await snapshots.GetAsync(id), calendar, Now(time)) with { PushUrl = await pushUrls.ForAsync(response.HttpContext, id) });
    }

    public static async Task<Results<Ok<WebsiteView>, NotFoundProblem, ValidationProblem>> UpdateAsync(
        Guid id, HttpRequest request, WebsiteTargets targets, WebsiteRepository websites, IGrainFactory grains, LiveSnapshots snapshots,
        LiveFeed live, MaintenanceCalendar calendar, PushUrls pushUrls, TimeProvider time, CancellationToken cancellationToken)
    {
        var (input, errors) = await WebsiteInput.ReadAsync(
            request, creating: false, targets, async () => await websites.FindAsync(id, cancellationToken) is { } stored
                && MonitorTypeNames.TryParse(stored.Type, out var type) ? type : MonitorType.Http);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (input!.Verdict.DownQuorum is not null || input.Verdict.Regions is not null)
        {
            var stored = await websites.FindAsync(id, cancellationToken);
            if (stored is not null && VerdictPolicyInput.QuorumProblem(input.Verdict.ApplyTo(stored.Policy)) is { } problem)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["downQuorum"] = [problem] });
            }
        }

        var website = await websites.UpdateAsync(
            id, input.Url, input.Interval, input.Enabled, cancellationToken, input.Verdict, input.Name, input.Tags,
            input.Type is { } type ? MonitorTypeNames.NameOf(type) : null, input.Check);
        if (website is null)
        {
            return new NotFoundProblem($"website {id}");
        }

        await grains.GetGrain<IWebsiteGrain>(id).RefreshAsync();
        live.AddWebsiteChange(id, "updated");
        return TypedResults.Ok(
            WebsiteView.From(website, await snapshots.GetAsync(id), calendar, Now(time)) with { PushUrl = await pushUrls.ForAsync(request.HttpContext, id) });
    }

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(
        Guid id, WebsiteRepository websites, IGrainFactory grains, LiveFeed live, CancellationToken cancellationToken)
    {
        if (!await websites.DeleteAsync(id, cancellationToken))
        {
            return new NotFoundProblem($"website {id}");
        }

        await grains.GetGrain<IWebsiteGrain>(id).RefreshAsync();
        live.AddWebsiteChange(id, "deleted");
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<IReadOnlyList<TickRecord>>, NotFoundProblem>> ListTicksAsync(
        Guid id, [AsParameters] ListTicksQuery query, WebsiteRepository websites, CancellationToken cancellationToken)
    {
        if (await websites.FindAsync(id, cancellationToken) is null)
        {
            return new NotFoundProblem($"website {id}");
        }

        return TypedResults.Ok(await websites.ListTicksAsync(id, query.Take, query.Until, cancellationToken));
    }

    private static DateTime Now(TimeProvider time) => time.GetUtcNow().UtcDateTime;
}
