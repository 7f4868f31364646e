using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Uptime.Hub.Access;

/// <summary>
/// The REST API's rate limits, kept apart so that nobody can spend another client's budget: writes authenticated by an
/// admin key or its session are limited per key (<c>HUB_API_WRITES_PER_MINUTE</c>; per client IP while Development leaves
/// writes open), and failed authentication per client IP (<see cref="AuthFailuresPerMinute"/>, counted by
/// <see cref="AuthFailures"/>). Only writes that authorization let through spend a write budget: one without valid
/// credentials, or a session write refused as cross-site, spends none (the former counts as a failure when it presented a
/// wrong key or session). The excess is answered 429 with <c>Retry-After</c> and a problem body.
/// </summary>
public static class ApiRateLimits
{
    public const string Writes = "writes";

    /// <summary>Failed logins and requests with a wrong key or session allowed per client IP per minute.</summary>
    public const int AuthFailuresPerMinute = 10;

    /// <summary>Runs after authorization, so a write's partition is the key that authenticated it.</summary>
    public static void Add(RateLimiterOptions options, ApiAccess access)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (rejected, _) => new ValueTask(TooManyRequests(
            RetryAfter(rejected.Lease),
            "Too many writes",
            $"This admin key (or, while writes need no key, this address) sent more than {access.Options.WritesPerMinute} "
            + "writes within a minute (HUB_API_WRITES_PER_MINUTE)")
            .ExecuteAsync(rejected.HttpContext));
        options.AddPolicy(Writes, context => WritesPartition(context, access));
    }

    /// <summary>The client's address after forwarded headers from trusted proxies (IPv4-mapped IPv6 as IPv4).</summary>
    public static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? IPAddress.None.ToString();
    }

    /// <summary>How long until a refused lease's limiter has permits again (a minute when it does not say).</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least 1) and a problem that says when to retry.</summary>
    public static IResult TooManyRequests(TimeSpan retryAfter, string title, string reason)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new RetryAfterResult(
            seconds,
            Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: $"{reason}; retry after {seconds} s."));
    }

    /// <summary>A fixed one-minute window of <paramref name="permits"/>, without a queue.</summary>
    public static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    /// <summary>An authorized write carries its admin key, or none while Development leaves writes open.</summary>
    private static RateLimitPartition<string> WritesPartition(HttpContext context, ApiAccess access)
    {
        var permits = access.Options.WritesPerMinute;
        var partition = context.User.FindFirst(AdminKeyAuthenticationHandler.KeyClaim) is { } key
            ? "key " + key.Value
            : "address " + ClientAddress(context);
        return permits == 0
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter(partition, _ => PerMinute(permits));
    }

    private sealed class RetryAfterResult(int seconds, IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }
}
