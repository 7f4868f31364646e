using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Hub.Hosting;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Notifications;

/// <summary>
/// <c>/api/notification-policies</c>: which events of which websites go to which channels. At most one policy is the
/// default: making one the default takes the flag from the other.
/// </summary>
public static class PoliciesApi
{
    private const int MissingChannelsNamed = 10;

    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notification-policies").WithTags("Notifications");
        group.MapPost("/", CreateAsync).DocumentsJsonBody<NewPolicyBody>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateNotificationPolicy").WithSummary("Adds a notification policy.");
        group.MapGet("/", ListAsync)
            .WithName("ListNotificationPolicies").WithSummary("Lists the notification policies, the default first, then by name.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetNotificationPolicy").WithSummary("Reads one notification policy.");
        group.MapPatch("/{id}", UpdateAsync).DocumentsJsonBody<PolicyChangeBody>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateNotificationPolicy").WithSummary("Changes a notification policy; websiteIds or tags null clears them.");
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteNotificationPolicy").WithSummary("Deletes a notification policy.");
        return app;
    }

    public static async Task<Results<Created<PolicyView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, PolicyRepository policies, CancellationToken cancellationToken)
    {
        var (input, errors) = await PolicyInput.ReadAsync(request, creating: true);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var policy = input!.ApplyTo(null);
        if (input.Conflict(policy) is { } conflict)
        {
            return TypedResults.ValidationProblem(conflict);
        }

        return await policies.WriteAsync(policy, creating: true, cancellationToken) switch
        {
            { Policy: { } written } => TypedResults.Created($"/api/notification-policies/{written.Id}", written),
            { Conflict: { } reason } => Conflict(reason),
            var missing => MissingChannels(missing.MissingChannels),
        };
    }

    public static async Task<Ok<IReadOnlyList<PolicyView>>> ListAsync(PolicyRepository policies, CancellationToken cancellationToken) =>
        TypedResults.Ok(await policies.ListAsync(cancellationToken));

    public static async Task<Results<Ok<PolicyView>, NotFoundProblem>> GetAsync(Guid id, PolicyRepository policies, CancellationToken cancellationToken) =>
        await policies.FindAsync(id, cancellationToken) is { } policy ? TypedResults.Ok(policy) : new NotFoundProblem($"notification policy {id}");

    public static async Task<Results<Ok<PolicyView>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, HttpRequest request, PolicyRepository policies, CancellationToken cancellationToken)
    {
        var (input, errors) = await PolicyInput.ReadAsync(request, creating: false);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await policies.FindAsync(id, cancellationToken) is not { } stored)
        {
            return new NotFoundProblem($"notification policy {id}");
        }

        var policy = input!.ApplyTo(stored);
        if (input.Conflict(policy) is { } conflict)
        {
            return TypedResults.ValidationProblem(conflict);
        }

        return await policies.WriteAsync(policy, creating: false, cancellationToken) switch
        {
            { Policy: { } written } => TypedResults.Ok(written),
            { Conflict: { } reason } => Conflict(reason),
            { MissingChannels.Count: > 0 } missing => MissingChannels(missing.MissingChannels),
            _ => new NotFoundProblem($"notification policy {id}"),
        };
    }

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(Guid id, PolicyRepository policies, CancellationToken cancellationToken) =>
        await policies.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : new NotFoundProblem($"notification policy {id}");

    private static ProblemHttpResult Conflict(string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The policy conflicts with another", detail: reason);

    private static ValidationProblem MissingChannels(IReadOnlyList<Guid> missing)
    {
        var named = string.Join(", ", missing.Take(MissingChannelsNamed));
        var more = missing.Count > MissingChannelsNamed ? $" and {missing.Count - MissingChannelsNamed} more" : "";
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["channelIds"] = [$"no notification channel has the id {named}{more}"] });
    }
}
