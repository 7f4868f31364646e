using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Grains;
using Uptime.Hub.Hosting;
using Uptime.Hub.Live;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Push;

/// <summary>
/// <c>GET|POST /api/push/{token}</c>: a push monitor's job calls in. No credentials beyond the token (the endpoint stays
/// public whatever HUB_READ_ACCESS says), rate-limited per client address (<see cref="PushRateLimit"/>). An unknown token,
/// or the token of a website of another type, is answered the same 404. The push is judged by the website's grain and
/// stored as a tick (<see cref="PushTicks"/>). <c>POST /api/websites/{id}/push-token</c> gives a push monitor a new token.
/// </summary>
public static class PushApi
{
    public static WebApplication MapPushApi(this WebApplication app)
    {
        var push = app.MapGroup(PushUrls.Route).WithTags("Push").RequireRateLimiting(PushRateLimit.Name).ExplainMalformedParameters();
        push.MapGet("/{token}", PushAsync)
            .WithName("PushGet").WithSummary("A push monitor's job reports in (status, msg, ping as query parameters).");
        push.MapPost("/{token}", PushAsync)
            .WithName("PushPost").WithSummary("A push monitor's job reports in (status, msg, ping as query parameters, a JSON object or a form).");
        return app;
    }

    /// <summary>Under the API's access rules (a write).</summary>
    public static IEndpointRouteBuilder MapPushTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/websites/{id}/push-token", RotateAsync).WithTags("Websites")
            .WithName("RotatePushToken").WithSummary("Gives a push monitor a new push URL; the old one stops working at once.");
        return app;
    }

    public static async Task<Results<Ok<PushAnswer>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> PushAsync(
        string token, HttpRequest request, PushTokens tokens, IGrainFactory grains, TickWriter ticks, LiveFeed live, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (input, errors) = await PushInput.ReadAsync(request);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var websiteId = await tokens.FindPushMonitorAsync(token, cancellationToken);
        var at = time.GetUtcNow().UtcDateTime;
        var status = websiteId is { } id
            ? await grains.GetGrain<IWebsiteGrain>(id).RecordPushAsync(new PushReport(input!.Up, input.Message, input.PingMs, at))
            : null;
        if (status is not { } websiteStatus)
        {
            return new NotFoundProblem("push monitor");
        }

        var ping = input!.PingMs ?? 0;
        if (!ticks.TryEnqueue(new TickRow(Guid.CreateVersion7(), websiteId!.Value, PushTicks.ValidatorId, at, input.Up, ping, input.Message, at, PushTicks.Location)))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The push was judged but not stored",
                detail: "the hub's tick queue is full (its database has been unavailable); push again later");
        }

        live.AddTick(new LiveTick(websiteId.Value, PushTicks.ValidatorId, PushTicks.Location, input.Up, ping, at, input.Message, websiteStatus));
        return TypedResults.Ok(new PushAnswer(true));
    }

    public static async Task<Results<Ok<PushUrlView>, NotFoundProblem, ProblemHttpResult>> RotateAsync(
        Guid id, HttpRequest request, PushTokens tokens, PushUrls urls, CancellationToken cancellationToken)
    {
        if (await tokens.RotateAsync(id, cancellationToken) is { } token)
        {
            return TypedResults.Ok(new PushUrlView(urls.Of(request, token)));
        }

        return await tokens.WebsiteExistsAsync(id, cancellationToken)
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not a push monitor", detail: $"website {id} is not a push monitor: it has no push URL")
            : new NotFoundProblem($"website {id}");
    }
}

/// <summary>The answer to a push.</summary>
public sealed record PushAnswer(bool Ok);

/// <summary>A push monitor's new URL.</summary>
public sealed record PushUrlView(string PushUrl);
