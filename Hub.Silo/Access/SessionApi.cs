using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Uptime.Hub.Access;

/// <summary>
/// <c>/api/session</c>: the browser's login with an admin key into an HttpOnly, SameSite=Strict cookie (POST), what the
/// page may do (GET) and logout (DELETE). Public endpoints; a wrong key counts as a failed authentication
/// (<see cref="AuthFailures"/>), so one client's guesses never stop the right key from logging in.
/// </summary>
public static class SessionApi
{
    private const int MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/session").WithTags("Session");
        group.MapPost("/", LoginAsync)
            .WithName("LogIn").WithSummary("Logs the browser in with an admin key, into an HttpOnly session cookie.");
        group.MapGet("/", GetAsync)
            .WithName("GetSession").WithSummary("Tells the page whether it is logged in, whether reads need a key and whether writes need none.");
        group.MapDelete("/", Logout)
            .WithName("LogOut").WithSummary("Logs the browser out.");
        return app;
    }

    public static async Task<IResult> LoginAsync(
        HttpContext context,
        ApiAccess access,
        SessionSecret secret,
        AuthFailures failures,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var key = await ReadKeyAsync(context.Request, cancellationToken);
        if (key is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["key"] = ["The body must be a JSON object {\"key\": \"<admin key>\"}"],
            });
        }

        if (!access.Keys.IsConfigured)
        {
            return ApiAccessPolicies.NoKeyConfigured();
        }

        if (access.Keys.Match(key) is not { } fingerprint)
        {
            return failures.Count(context)
                ?? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The admin key is not valid.");
        }

        var lifetime = access.Options.SessionLifetime;
        var tokens = await secret.GetTokensAsync(cancellationToken);
        context.Response.Cookies.Append(
            AdminKeyAuthenticationHandler.CookieName,
            tokens.Issue(fingerprint, time.GetUtcNow() + lifetime),
            CookieOptions(context.Request, lifetime));
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SessionView>> GetAsync(HttpContext context, ApiAccess access)
    {
        var result = await context.AuthenticateAsync(AdminKeyAuthenticationHandler.SchemeName);
        return TypedResults.Ok(new SessionView(
            result.Succeeded,
            access.Options.ReadAccess == ReadAccess.Key ? "key" : "public",
            access.WritesOpen));
    }

    public static NoContent Logout(HttpContext context)
    {
        context.Response.Cookies.Delete(AdminKeyAuthenticationHandler.CookieName, CookieOptions(context.Request, TimeSpan.Zero));
        return TypedResults.NoContent();
    }

    private static CookieOptions CookieOptions(HttpRequest request, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Secure = request.IsHttps,
        MaxAge = lifetime,
    };

    /// <summary>
    /// The key of a login body, or null for any other body (answered as a 400 naming <c>key</c>); read by hand because the
    /// framework's JSON binding answers a malformed body with a 400 that names no field.
    /// </summary>
    private static async Task<string?> ReadKeyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("key", out var key)
                && key.ValueKind == JsonValueKind.String
                && key.GetString() is { Length: > 0 and <= 1024 } text
                ? text
                : null;
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException)
        {
            return null;
        }
    }
}

/// <summary>What <c>GET /api/session</c> tells the page: logged in, whether reads need a key, whether writes need none.</summary>
public sealed record SessionView(bool Authenticated, string ReadAccess, bool WritesOpen);
