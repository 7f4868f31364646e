namespace Uptime.Hub.Notifications.Delivery;

/// <summary>
/// When a failed delivery is tried again: exponential back-off from the first retry's wait, doubling up to
/// <see cref="MaxWait"/>, with "equal jitter" (half the wait fixed, half random) so that many deliveries failing together
/// (a receiver down) do not all come back in the same second; never sooner than the receiver's Retry-After.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    /// <param name="firstRetry">The wait after the first failure.</param>
    /// <param name="failures">Failed attempts so far, this one included (1 for the first failure).</param>
    /// <param name="retryAfter">What the receiver asked for, if anything.</param>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Wait(TimeSpan firstRetry, int failures, TimeSpan? retryAfter, double random)
    {
        var exponent = Math.Min(failures - 1, 20);
        var wait = TimeSpan.FromTicks(Math.Min(MaxWait.Ticks, firstRetry.Ticks * (1L << exponent)));
        var jittered = (wait / 2) + (wait / 2 * random);
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }
}
