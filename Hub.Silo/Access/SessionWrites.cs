using Microsoft.AspNetCore.Authorization;

namespace Uptime.Hub.Access;

/// <summary>
/// The defence against cross-site request forgery, part of the "write" policy: a write authenticated by the session
/// cookie, which a browser attaches by itself, must come from the hub's own page and declare a JSON body. Own page means
/// <c>Sec-Fetch-Site: same-origin</c> when the browser sends that header, else an <c>Origin</c> whose host and port are the
/// request's <c>Host</c>. JSON means <c>Content-Type: application/json</c> (a <c>+json</c> type too), which no HTML form can
/// send and a script on another site cannot send without a CORS preflight. Writes with the key in <c>Authorization</c>
/// are not affected: no browser adds that header on its own.
/// </summary>
public static class SessionWrites
{
    private const string OwnPage = "A write with the session cookie must come from this hub's own page";
    private const string UseKey = "Scripts and other sites send Authorization: Bearer <admin key> instead.";

    /// <summary>Why <paramref name="request"/>, a write with the session cookie, is refused; null when it is not.</summary>
    private static Refusal? Check(HttpRequest request, IAuthorizationHandler handler)
    {
        if (CrossSite(request) is { } crossSite)
        {
            return new Refusal(handler, StatusCodes.Status403Forbidden, "Cross-site write refused", $"{OwnPage}; {crossSite}. {UseKey}");
        }

        if (request.HasJsonContentType())
        {
            return null;
        }

        var type = request.ContentType is { Length: > 0 } declared ? declared : "none";
        return new Refusal(
            handler,
            StatusCodes.Status415UnsupportedMediaType,
            "JSON required",
            $"A write with the session cookie must declare Content-Type: application/json; this one has {type}. {UseKey}");
    }

    /// <summary>Why the request is not from the hub's own page, or null when it is.</summary>
    private static string? CrossSite(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite == "same-origin" ? null : $"the browser sent Sec-Fetch-Site: {fetchSite}";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return "the request has neither Origin nor Sec-Fetch-Site: same-origin";
        }

        return IsHost(origin, request.Host) ? null : $"Origin {origin} is not this hub ({request.Host})";
    }

    private static bool IsHost(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase);

    public sealed record Requirement : IAuthorizationRequirement;

    /// <summary>Met by every request not authenticated by the session cookie, and by session writes that pass <see cref="Check"/>.</summary>
    public sealed class Handler : AuthorizationHandler<Requirement, HttpContext>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement, HttpContext resource)
        {
            var bySession = context.User.HasClaim(AdminKeyAuthenticationHandler.CredentialClaim, AdminKeyAuthenticationHandler.SessionCredential);
            if (bySession && Check(resource.Request, this) is { } refusal)
            {
                context.Fail(refusal);
            }
            else
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>A refused session write: 403 when it is not from the hub's page, 415 when it does not declare JSON.</summary>
    public sealed class Refusal(IAuthorizationHandler handler, int status, string title, string detail) : AuthorizationFailureReason(handler, detail)
    {
        public IResult Problem() => Results.Problem(statusCode: status, title: title, detail: Message);
    }
}
