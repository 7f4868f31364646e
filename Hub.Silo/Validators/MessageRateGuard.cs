using System.Threading.RateLimiting;

namespace Uptime.Hub.Validators;

/// <summary>What <see cref="MessageRateGuard.Admit"/> decided about one incoming message.</summary>
public enum MessageVerdict
{
    Accepted,

    /// <summary>Over the rate: answer ERROR rate_limited and do not process it.</summary>
    Refused,

    /// <summary>The client has sent over <see cref="MessageRateGuard.FloodFactor"/> times the rate for <see cref="MessageRateGuard.FloodSeconds"/> seconds: close it.</summary>
    Flooding,
}

/// <summary>
/// The message limit of one connection (<c>HUB_MAX_MESSAGES_PER_SECOND</c>): a token bucket holding one second's worth
/// of messages, refilled continuously, so a validator may burst up to the rate and sustain it. A client that keeps
/// sending far more than it could ever be allowed is flooding rather than bursting and is disconnected. Used by the
/// connection's receive loop only, so it needs no locking of its own.
/// </summary>
public sealed class MessageRateGuard : IDisposable
{
    public const int FloodFactor = 10;
    public const int FloodSeconds = 5;

    private readonly TokenBucketRateLimiter _bucket;
    private readonly TimeProvider _time;
    private readonly long _floodThreshold;
    private long _windowStart;
    private long _windowCount;
    private int _floodedWindows;

    public MessageRateGuard(int messagesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messagesPerSecond, 1);
        _time = time;
        _floodThreshold = (long)messagesPerSecond * FloodFactor;
        _windowStart = time.GetTimestamp();
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = messagesPerSecond,
            TokensPerPeriod = messagesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,

            // Replenished on each message instead of by a timer per connection.
            AutoReplenishment = false,
        });
    }

    public MessageVerdict Admit()
    {
        if (CountTowardsFlood())
        {
            return MessageVerdict.Flooding;
        }

        _bucket.TryReplenish();
        using var lease = _bucket.AttemptAcquire();
        return lease.IsAcquired ? MessageVerdict.Accepted : MessageVerdict.Refused;
    }

    public void Dispose() => _bucket.Dispose();

    /// <summary>Counts the message in its one-second window; true once <see cref="FloodSeconds"/> consecutive windows are over the flood threshold.</summary>
    private bool CountTowardsFlood()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_windowStart, now);
        if (elapsed >= TimeSpan.FromSeconds(1))
        {
            var consecutive = elapsed < TimeSpan.FromSeconds(2);
            _floodedWindows = consecutive && _windowCount > _floodThreshold ? _floodedWindows + 1 : 0;
            _windowStart = now;
            _windowCount = 0;
        }

        _windowCount++;
        return _floodedWindows + (_windowCount > _floodThreshold ? 1 : 0) >= FloodSeconds;
    }
}
