using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Uptime.Hub.Access;

namespace Uptime.Hub.Push;

/// <summary>
/// Pushes allowed per client address per minute (<see cref="PerMinute"/>): enough for many jobs behind one address,
/// while one client cannot flood the hub with token guesses. The excess is answered 429 with Retry-After.
/// </summary>
public sealed class PushRateLimit : IRateLimiterPolicy<string>
{
    public const string Name = "push";

    public const int PerMinute = 600;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (rejected, _) => new ValueTask(ApiRateLimits.TooManyRequests(
        ApiRateLimits.RetryAfter(rejected.Lease),
        "Too many pushes",
        $"This address sent more than {PerMinute} pushes within a minute")
        .ExecuteAsync(rejected.HttpContext));

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(ApiRateLimits.ClientAddress(httpContext), _ => ApiRateLimits.PerMinute(PerMinute));
}
