using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Uptime.Hub.Configuration;

namespace Uptime.Hub.Security;

/// <summary>
/// Per-client-IP limits (the address after forwarded headers from trusted proxies): REST writes
/// (<c>HUB_API_WRITES_PER_MINUTE</c>) and login attempts (10 per minute). The excess is answered 429 with
/// <c>Retry-After</c> and a problem body.
/// </summary>
public static class ApiRateLimits
{
    public const string Writes = "writes";
    public const string Logins = "logins";
    public const int LoginsPerMinute = 10;

    public static void Add(RateLimiterOptions options, ApiAccessOptions access)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = RejectAsync;
        options.AddPolicy(Writes, context => PerClientPerMinute(context, access.WritesPerMinute));
        options.AddPolicy(Logins, context => PerClientPerMinute(context, LoginsPerMinute));
    }

    private static RateLimitPartition<string> PerClientPerMinute(HttpContext context, int permits)
    {
        if (permits == 0)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    private static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? IPAddress.None.ToString();
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"This client sent more requests than allowed per minute; retry after {seconds} s.")
            .ExecuteAsync(context);
    }
}
