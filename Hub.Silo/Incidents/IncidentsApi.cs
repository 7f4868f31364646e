using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Grains;
using Uptime.Hub.Hosting;
using Uptime.Hub.Live;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Incidents;

/// <summary>
/// <c>/api/incidents</c>: list and read incidents with their timelines and evidence; an operator acknowledges, resolves and
/// annotates them. Each change is announced on the live stream after its commit, and an acknowledgement or resolution
/// tells the website's grain, which reads its open incident again.
/// </summary>
public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents");
        group.MapGet("/", ListAsync).ProducesValidationProblem()
            .WithName("ListIncidents").WithSummary("Lists incidents, newest first, by website, state (open, resolved, all) and time.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetIncident").WithSummary("Reads one incident with its website, duration and timeline with the evidence votes.");
        group.MapPost("/{id}/acknowledge", AcknowledgeAsync).DocumentsIncidentBody<IncidentNoteBody>(required: false)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AcknowledgeIncident").WithSummary("Acknowledges an open incident, with an optional note; the first acknowledgement is kept.");
        group.MapPost("/{id}/resolve", ResolveAsync).DocumentsIncidentBody<IncidentNoteBody>(required: false)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ResolveIncident").WithSummary("Resolves an open incident by hand, with an optional note.");
        group.MapPost("/{id}/notes", AddNoteAsync).DocumentsIncidentBody<IncidentTextBody>(required: true)
            .ProducesValidationProblem()
            .WithName("AddIncidentNote").WithSummary("Adds an operator's note to an incident's timeline.");
        return app;
    }

    public static async Task<Ok<IncidentView[]>> ListAsync(
        [AsParameters] IncidentListQuery query, IncidentQueries incidents, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = Now(time);
        return TypedResults.Ok((await incidents.ListAsync(query.Filter, cancellationToken)).Select(i => IncidentView.From(i, now)).ToArray());
    }

    public static async Task<Results<Ok<IncidentDetailView>, NotFoundProblem>> GetAsync(
        Guid id, IncidentQueries incidents, TimeProvider time, CancellationToken cancellationToken) =>
        await ReadAsync(id, incidents, Now(time), cancellationToken) is { } view ? TypedResults.Ok(view) : new NotFoundProblem($"incident {id}");

    public static async Task<Results<Ok<IncidentDetailView>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> AcknowledgeAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, IncidentRepository repository, IncidentQueries incidents, ILiveIncidents live,
        IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var (note, errors) = await IncidentTextInput.ReadAsync(request, IncidentTextInput.Note, required: false);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var at = Now(time);
        var by = ValidatorsApi.Operator(user);
        var written = await repository.AcknowledgeAsync(id, at, by, note, cancellationToken);
        switch (written.Outcome)
        {
            case IncidentWriteOutcome.NotFound:
                return new NotFoundProblem($"incident {id}");
            case IncidentWriteOutcome.AlreadyResolved:
                return AlreadyResolved(id);
            case IncidentWriteOutcome.AlreadyAcknowledged when note is not null:
                live.AddIncidentChange(new IncidentChange(id, written.WebsiteId, IncidentEventKind.Note, at, by, note));
                break;
            case IncidentWriteOutcome.Done:
                live.AddIncidentChange(new IncidentChange(id, written.WebsiteId, IncidentEventKind.Acknowledged, at, by, note ?? ""));
                await grains.GetGrain<IWebsiteGrain>(written.WebsiteId).IncidentChangedAsync();
                break;
        }

        return await ReadAsync(id, incidents, at, cancellationToken) is { } view ? TypedResults.Ok(view) : new NotFoundProblem($"incident {id}");
    }

    public static async Task<Results<Ok<IncidentDetailView>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, IncidentRepository repository, IncidentQueries incidents, ILiveIncidents live,
        IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var (note, errors) = await IncidentTextInput.ReadAsync(request, IncidentTextInput.Note, required: false);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var at = Now(time);
        var by = ValidatorsApi.Operator(user);
        var resolution = note ?? $"resolved by {by}";
        var written = await repository.ResolveAsync(id, at, by, resolution, cancellationToken);
        switch (written.Outcome)
        {
            case IncidentWriteOutcome.NotFound:
                return new NotFoundProblem($"incident {id}");
            case IncidentWriteOutcome.AlreadyResolved:
                return AlreadyResolved(id);
        }

        live.AddIncidentChange(new IncidentChange(id, written.WebsiteId, IncidentEventKind.Resolved, at, by, resolution));
        await grains.GetGrain<IWebsiteGrain>(written.WebsiteId).IncidentChangedAsync();
        return await ReadAsync(id, incidents, at, cancellationToken) is { } view ? TypedResults.Ok(view) : new NotFoundProblem($"incident {id}");
    }

    public static async Task<Results<Ok<IncidentDetailView>, NotFoundProblem, ValidationProblem>> AddNoteAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, IncidentRepository repository, IncidentQueries incidents, ILiveIncidents live,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (text, errors) = await IncidentTextInput.ReadAsync(request, IncidentTextInput.Text, required: true);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var at = Now(time);
        var by = ValidatorsApi.Operator(user);
        var written = await repository.AddNoteAsync(id, at, by, text!, cancellationToken);
        if (written.Outcome == IncidentWriteOutcome.NotFound)
        {
            return new NotFoundProblem($"incident {id}");
        }

        live.AddIncidentChange(new IncidentChange(id, written.WebsiteId, IncidentEventKind.Note, at, by, text!));
        return await ReadAsync(id, incidents, at, cancellationToken) is { } view ? TypedResults.Ok(view) : new NotFoundProblem($"incident {id}");
    }

    /// <summary>The incident as it now is; null when there is none (after a change: its website was deleted meanwhile).</summary>
    private static async Task<IncidentDetailView?> ReadAsync(Guid id, IncidentQueries incidents, DateTime now, CancellationToken cancellationToken) =>
        await incidents.FindAsync(id, cancellationToken) is { } found ? IncidentDetailView.From(found.Incident, found.Timeline, now) : null;

    private static ProblemHttpResult AlreadyResolved(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The incident is resolved",
        detail: $"incident {id} is already resolved");

    private static DateTime Now(TimeProvider time) => time.GetUtcNow().UtcDateTime;
}
