using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.RateLimiting;

namespace Uptime.Hub.Access;

/// <summary>
/// The "read" and "write" authorization policies and the convention that puts them on API endpoints. A write needs an
/// admin (or writes left open) and, when it comes with the session cookie, to pass <see cref="SessionWrites"/>.
/// </summary>
public static class ApiAccessPolicies
{
    public const string Read = "read";
    public const string Write = "write";

    /// <summary>
    /// Every endpoint of <paramref name="builder"/> gets the "write" policy and the write rate limit when it answers
    /// POST, PUT, PATCH or DELETE, else the "read" policy.
    /// </summary>
    public static TBuilder RequireApiAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var write = endpoint.Metadata.OfType<IHttpMethodMetadata>()
                .SelectMany(m => m.HttpMethods)
                .Any(method => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method));
            endpoint.Metadata.Add(new AuthorizeAttribute(write ? Write : Read));
            if (write)
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(ApiRateLimits.Writes));
            }
        });
        return builder;
    }

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, policy => policy
            .AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName)
            .AddRequirements(new AccessRequirement(Write: false)));
        options.AddPolicy(Write, policy => policy
            .AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName)
            .AddRequirements(new AccessRequirement(Write: true), new SessionWrites.Requirement()));
    }

    /// <summary>The problem answered when a key is needed but none is configured: no request could ever succeed.</summary>
    public static IResult NoKeyConfigured() => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "No admin key is configured",
        detail: "This hub has no admin API key, so it refuses this request. Set HUB_ADMIN_KEY_HASHES to the SHA-256 hex of a key "
            + "(printf %s \"$KEY\" | sha256sum), restart the hub, and send Authorization: Bearer <key>.");

    public sealed record AccessRequirement(bool Write) : IAuthorizationRequirement;

    /// <summary>Met by an authenticated admin, or by anyone while the rules leave reads (or writes) open.</summary>
    public sealed class AccessHandler(ApiAccess access) : AuthorizationHandler<AccessRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
        {
            var open = requirement.Write ? access.WritesOpen : access.ReadsOpen;
            if (open || context.User.Identities.Any(i => i.AuthenticationType == AdminKeyAuthenticationHandler.SchemeName))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Turns the challenge of a hub without any key into 403 with <see cref="NoKeyConfigured"/> (a 401 would invite retries
    /// that cannot succeed), and a refused session write into its own problem (<see cref="SessionWrites.Refusal"/>).
    /// </summary>
    public sealed class ResultHandler(ApiAccess access) : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Challenged && !access.Keys.IsConfigured)
            {
                return NoKeyConfigured().ExecuteAsync(context);
            }

            return authorizeResult.AuthorizationFailure?.FailureReasons.OfType<SessionWrites.Refusal>().FirstOrDefault() is { } refusal
                ? refusal.Problem().ExecuteAsync(context)
                : _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
