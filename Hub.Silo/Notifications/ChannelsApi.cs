using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Uptime.Hub.Hosting;
using Uptime.Hub.Validators;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Notifications;

/// <summary>
/// <c>/api/notification-channels</c>: create, list, read, change and delete where alerts go; send a test through one; read
/// its delivery log. Secret settings are taken like the others and never given back (<see cref="ChannelView"/>).
/// </summary>
public static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notification-channels").WithTags("Notifications");
        group.MapPost("/", CreateAsync).DocumentsJsonBody<NewChannelBody>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateNotificationChannel").WithSummary("Adds a notification channel; its secret settings are stored encrypted and never shown again.");
        group.MapGet("/", ListAsync)
            .WithName("ListNotificationChannels").WithSummary("Lists the notification channels by name, secrets masked.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetNotificationChannel").WithSummary("Reads one notification channel, secrets masked.");
        group.MapPatch("/{id}", UpdateAsync).DocumentsJsonBody<ChannelChangeBody>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateNotificationChannel").WithSummary("Changes a channel; settings are merged (a secret left out keeps its value, null removes a setting), then checked as a whole.");
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteNotificationChannel").WithSummary("Deletes a channel, its deliveries and its place in policies.");
        group.MapPost("/{id}/test", TestAsync)
            .WithName("TestNotificationChannel").WithSummary("Sends a test message through the channel at once and answers what the receiver said.");
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync).ProducesValidationProblem()
            .WithName("ListNotificationChannelDeliveries").WithSummary("Lists the channel's deliveries, newest first.");
        return app;
    }

    public static async Task<Results<Created<ChannelView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ChannelEditor editor, ChannelRepository channels, IChannelSecrets secrets,
        ILogger<ChannelEditor> logger, CancellationToken cancellationToken)
    {
        var (input, errors) = await ChannelInput.ReadAsync(request, creating: true);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (draft, problems) = await editor.ApplyAsync(input!, null, cancellationToken);
        if (problems is not null)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var written = await channels.InsertAsync(draft!, cancellationToken);
        if (written.Channel is not { } channel)
        {
            return NameTaken(draft!.Name);
        }

        return TypedResults.Created($"/api/notification-channels/{channel.Id}", ChannelView.From(channel, secrets, logger));
    }

    public static async Task<Ok<ChannelView[]>> ListAsync(
        ChannelRepository channels, IChannelSecrets secrets, ILogger<ChannelEditor> logger, CancellationToken cancellationToken) =>
        TypedResults.Ok((await channels.ListAsync(cancellationToken)).Select(c => ChannelView.From(c, secrets, logger)).ToArray());

    public static async Task<Results<Ok<ChannelView>, NotFoundProblem>> GetAsync(
        Guid id, ChannelRepository channels, IChannelSecrets secrets, ILogger<ChannelEditor> logger,
        CancellationToken cancellationToken) =>
        await channels.FindAsync(id, cancellationToken) is { } channel
            ? TypedResults.Ok(ChannelView.From(channel, secrets, logger))
            : new NotFoundProblem($"notification channel {id}");

    public static async Task<Results<Ok<ChannelView>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, HttpRequest request, ChannelEditor editor, ChannelRepository channels,
        IChannelSecrets secrets, ILogger<ChannelEditor> logger, CancellationToken cancellationToken)
    {
        var (input, errors) = await ChannelInput.ReadAsync(request, creating: false);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await channels.FindAsync(id, cancellationToken) is not { } stored)
        {
            return new NotFoundProblem($"notification channel {id}");
        }

        var (draft, problems) = await editor.ApplyAsync(input!, stored, cancellationToken);
        if (problems is not null)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var written = await channels.UpdateAsync(draft!, cancellationToken);
        return written switch
        {
            { Channel: { } channel } => TypedResults.Ok(ChannelView.From(channel, secrets, logger)),
            { NameTaken: true } => NameTaken(draft!.Name),
            _ => new NotFoundProblem($"notification channel {id}"),
        };
    }

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(
        Guid id, ChannelRepository channels, CancellationToken cancellationToken) =>
        await channels.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : new NotFoundProblem($"notification channel {id}");

    public static async Task<Results<Ok<ChannelTestView>, NotFoundProblem>> TestAsync(
        Guid id, ClaimsPrincipal user, [FromServices] INotificationTester tester, CancellationToken cancellationToken) =>
        await tester.SendTestAsync(id, ValidatorsApi.Operator(user), cancellationToken) is { } result
            ? TypedResults.Ok(new ChannelTestView(result.Delivered, result.Status, result.Error))
            : new NotFoundProblem($"notification channel {id}");

    public static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, NotFoundProblem>> ListDeliveriesAsync(
        Guid id, [AsParameters] DeliveryListQuery query, DeliveryQueries deliveries, CancellationToken cancellationToken) =>
        await deliveries.OfChannelAsync(id, query.StateFilter, query.Take, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : new NotFoundProblem($"notification channel {id}");

    private static ProblemHttpResult NameTaken(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The name is taken",
        detail: $"another notification channel is named \"{name}\"",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["name"] = [$"another notification channel is named \"{name}\""] } });
}

/// <summary>What the receiver of a test message answered: <see cref="Status"/> its HTTP status (null without one), <see cref="Error"/> why it failed.</summary>
public sealed record ChannelTestView(bool Delivered, int? Status, string? Error);
