using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Hub.Hosting;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Maintenance;

/// <summary><c>/api/maintenance-windows</c>: create, list, read, replace and delete maintenance windows.</summary>
public static class MaintenanceApi
{
    private const int MissingWebsitesNamed = 10;

    public static IEndpointRouteBuilder MapMaintenanceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/maintenance-windows").WithTags("Maintenance");
        group.MapPost("/", CreateAsync).DocumentsJsonBody<MaintenanceWindowBody>()
            .WithName("CreateMaintenanceWindow").WithSummary("Adds a one-off or recurring maintenance window for some websites or all.");
        group.MapGet("/", ListAsync)
            .WithName("ListMaintenanceWindows").WithSummary("Lists the maintenance windows: open ones first, then by next start, then the ended ones.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetMaintenanceWindow").WithSummary("Reads one maintenance window.");
        group.MapPut("/{id}", ReplaceAsync).DocumentsJsonBody<MaintenanceWindowBody>()
            .WithName("ReplaceMaintenanceWindow").WithSummary("Replaces a maintenance window, effective at once.");
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteMaintenanceWindow").WithSummary("Deletes a maintenance window, effective at once.");
        return app;
    }

    public static async Task<Results<Created<MaintenanceWindowView>, ValidationProblem>> CreateAsync(
        HttpRequest request, MaintenanceRepository windows, MaintenanceCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (input, errors) = await MaintenanceInput.ReadAsync(request, now);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var written = await windows.WriteAsync(null, input!, cancellationToken);
        if (written.Window is not { } window)
        {
            return MissingWebsites(written.MissingWebsites);
        }

        await calendar.ReadAsync(cancellationToken);
        return TypedResults.Created($"/api/maintenance-windows/{window.Id}", MaintenanceWindowView.From(new ScheduledWindow(window), now));
    }

    public static async Task<Ok<MaintenanceWindowView[]>> ListAsync(
        MaintenanceRepository windows, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var views = (await windows.ListAsync(cancellationToken)).Select(w => MaintenanceWindowView.From(new ScheduledWindow(w), now));
        return TypedResults.Ok(views
            .OrderBy(v => v.Active ? 0 : v.Next is null ? 2 : 1)
            .ThenBy(v => v.Current?.EndsAt ?? v.Next?.StartsAt ?? v.EndsAt)
            .ToArray());
    }

    public static async Task<Results<Ok<MaintenanceWindowView>, NotFoundProblem>> GetAsync(
        Guid id, MaintenanceRepository windows, TimeProvider time, CancellationToken cancellationToken) =>
        await windows.FindAsync(id, cancellationToken) is { } window
            ? TypedResults.Ok(MaintenanceWindowView.From(new ScheduledWindow(window), time.GetUtcNow().UtcDateTime))
            : new NotFoundProblem($"maintenance window {id}");

    public static async Task<Results<Ok<MaintenanceWindowView>, NotFoundProblem, ValidationProblem>> ReplaceAsync(
        Guid id, HttpRequest request, MaintenanceRepository windows, MaintenanceCalendar calendar, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (input, errors) = await MaintenanceInput.ReadAsync(request, now);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var written = await windows.WriteAsync(id, input!, cancellationToken);
        if (written.Window is not { } window)
        {
            return written.MissingWebsites.Count > 0 ? MissingWebsites(written.MissingWebsites) : new NotFoundProblem($"maintenance window {id}");
        }

        await calendar.ReadAsync(cancellationToken);
        return TypedResults.Ok(MaintenanceWindowView.From(new ScheduledWindow(window), now));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(
        Guid id, MaintenanceRepository windows, MaintenanceCalendar calendar, CancellationToken cancellationToken)
    {
        if (!await windows.DeleteAsync(id, cancellationToken))
        {
            return new NotFoundProblem($"maintenance window {id}");
        }

        await calendar.ReadAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ValidationProblem MissingWebsites(IReadOnlyList<Guid> missing)
    {
        var named = string.Join(", ", missing.Take(MissingWebsitesNamed));
        var more = missing.Count > MissingWebsitesNamed ? $" and {missing.Count - MissingWebsitesNamed} more" : "";
        return TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["websiteIds"] = [$"no website has the id {named}{more}"],
        });
    }
}
