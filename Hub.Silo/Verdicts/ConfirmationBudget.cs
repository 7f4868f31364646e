using System.Threading.RateLimiting;
using Uptime.Grains;
using Uptime.Hub.Observability;

namespace Uptime.Hub.Verdicts;

/// <summary>This silo's budget of confirmation rounds: a token bucket refilled every second, holding one second's worth.</summary>
public sealed class ConfirmationBudget(ConfirmationOptions options, HubCounters counters) : IConfirmationBudget, IDisposable
{
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.RoundsPerSecond,
        TokensPerPeriod = options.RoundsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    public int ValidatorsPerRound => options.ValidatorsPerRound;

    public bool TryTake()
    {
        using var lease = _bucket.AttemptAcquire();
        counters.ConfirmationRound(lease.IsAcquired);
        return lease.IsAcquired;
    }

    public void Dispose() => _bucket.Dispose();
}
