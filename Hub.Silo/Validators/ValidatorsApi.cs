using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Uptime.Grains;
using Uptime.Hub.Access;
using Uptime.Hub.Database;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Validators;

/// <summary>
/// <c>/api/validators</c>: the validators that ever registered, with their online state and standing; an operator bans,
/// unbans, approves and deletes them through their grain, which closes a banned or deleted validator's connection at once.
/// Every operation is idempotent: banning a banned validator keeps the first ban (who, when, reason), unbanning or approving
/// an active one changes nothing; each answers 200 with the validator as it now is.
/// </summary>
public static class ValidatorsApi
{
    public static IEndpointRouteBuilder MapValidatorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/validators").WithTags("Validators");
        group.MapGet("/", ListAsync)
            .WithName("ListValidators").WithSummary("Lists the validators that ever registered, with their online state and standing.");
        group.MapPost("/{id}/ban", BanAsync).DocumentsOptionalJsonBody<BanBody>().ProducesValidationProblem()
            .WithName("BanValidator").WithSummary("Bans a validator: its connection is closed at once and its REGISTER refused until it is unbanned.");
        group.MapPost("/{id}/unban", UnbanAsync)
            .WithName("UnbanValidator").WithSummary("Lifts a validator's ban; it registers normally again.");
        group.MapPost("/{id}/approve", ApproveAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveValidator").WithSummary("Approves a pending validator (HUB_VALIDATOR_ENROLLMENT=approval); it registers normally from then on.");
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteValidator").WithSummary("Closes a validator's connection and deletes it; if it connects again it is a new registration.");
        return app;
    }

    /// <summary>
    /// The validators table (offline validators and stored tick counts included, which no silo holds in memory); while the
    /// database is unavailable, this silo's last answer, marked stale.
    /// </summary>
    public static Task<IReadOnlyList<ValidatorRecord>> ListAsync(
        ValidatorRepository validators, LastAnswers<Type, IReadOnlyList<ValidatorRecord>> lastLists, HttpResponse response,
        CancellationToken cancellationToken) =>
        lastLists.ReadAsync(typeof(ValidatorRecord), () => validators.ListAsync(cancellationToken), response);

    public static async Task<Results<Ok<ValidatorRecord>, NotFoundProblem, ValidationProblem>> BanAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, ValidatorRepository validators, CancellationToken cancellationToken)
    {
        var (reason, errors) = await BanInput.ReadAsync(request);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await grains.GetGrain<IValidatorGrain>(id).BanAsync(Operator(user), reason) is null)
        {
            return new NotFoundProblem($"validator {id}");
        }

        return await validators.FindAsync(id, cancellationToken) is { } record ? TypedResults.Ok(record) : new NotFoundProblem($"validator {id}");
    }

    public static async Task<Results<Ok<ValidatorRecord>, NotFoundProblem>> UnbanAsync(
        Guid id, IGrainFactory grains, ValidatorRepository validators, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IValidatorGrain>(id).UnbanAsync() is null)
        {
            return new NotFoundProblem($"validator {id}");
        }

        return await validators.FindAsync(id, cancellationToken) is { } record ? TypedResults.Ok(record) : new NotFoundProblem($"validator {id}");
    }

    public static async Task<Results<Ok<ValidatorRecord>, NotFoundProblem, ProblemHttpResult>> ApproveAsync(
        Guid id, IGrainFactory grains, ValidatorRepository validators, CancellationToken cancellationToken)
    {
        switch (await grains.GetGrain<IValidatorGrain>(id).ApproveAsync())
        {
            case null:
                return new NotFoundProblem($"validator {id}");
            case ValidatorState.Banned:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The validator is banned",
                    detail: $"validator {id} is banned; unban it (POST /api/validators/{id}/unban) to let it register");
        }

        return await validators.FindAsync(id, cancellationToken) is { } record ? TypedResults.Ok(record) : new NotFoundProblem($"validator {id}");
    }

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(Guid id, IGrainFactory grains) =>
        await grains.GetGrain<IValidatorGrain>(id).DeleteAsync() ? TypedResults.NoContent() : new NotFoundProblem($"validator {id}");

    /// <summary>
    /// Who does an operator's action, as the validators table records it: the admin key's fingerprint (the key itself is
    /// never stored), or "open access" while Development leaves writes open without a key.
    /// </summary>
    public static string Operator(ClaimsPrincipal user) =>
        user.FindFirst(AdminKeyAuthenticationHandler.KeyClaim) is { } key ? $"admin key {key.Value}" : "open access (no admin key)";

    private static RouteHandlerBuilder DocumentsOptionalJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            });
}

/// <summary>The optional body of <c>POST /api/validators/{id}/ban</c> as the OpenAPI document describes it; read by <see cref="BanInput"/>.</summary>
public sealed record BanBody(
    [property: Description("Why the validator is banned, at most 500 characters; shown to the validator in the ERROR refusing its REGISTER.")] string? Reason);
