using System.Threading.RateLimiting;

namespace Uptime.Hub.Access;

/// <summary>
/// Failed authentication per client IP: a wrong key at login, and a wrong admin key or session on a request that needs
/// one (a request with no credentials at all is not a failed attempt). Within <see cref="ApiRateLimits.AuthFailuresPerMinute"/>
/// a minute a failure is answered as usual (401); past it, 429. The outcome is known only once the credentials have been
/// checked, so this counts after the check instead of gating before it as the rate-limiting middleware does: valid
/// credentials are therefore never refused here, whatever others on the same address do.
/// </summary>
public sealed class AuthFailures : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => ApiRateLimits.PerMinute(ApiRateLimits.AuthFailuresPerMinute)));

    /// <summary>Counts one failure of the request's client: null within the limit, else the 429 to answer instead.</summary>
    public IResult? Count(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(ApiRateLimits.ClientAddress(context));
        return lease.IsAcquired
            ? null
            : ApiRateLimits.TooManyRequests(
                ApiRateLimits.RetryAfter(lease),
                "Too many failed authentication attempts",
                $"This client failed authentication more than {ApiRateLimits.AuthFailuresPerMinute} times within a minute "
                + "(wrong admin keys or sessions); requests with a valid key or session are not limited by this");
    }

    public void Dispose() => _limiter.Dispose();
}
