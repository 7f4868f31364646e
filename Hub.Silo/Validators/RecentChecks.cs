using System.Collections.Immutable;
using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>
/// The checks that reached this silo in the last <see cref="Window"/>, so that a validator registering again after it lost
/// its connection (its silo died or froze) gets the checks it missed that are still timely at once, instead of waiting
/// up to an interval for their next slots. The window covers a reconnection, not an interval: a check older than half
/// its interval is not sent anyway. Not thread-safe; <see cref="LocalValidators"/> holds its lock.
/// </summary>
internal sealed class RecentChecks(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    private readonly Queue<(long ArrivedAt, ImmutableArray<CheckItem> Checks)> _batches = new();

    public void Add(ImmutableArray<CheckItem> checks)
    {
        var now = time.GetTimestamp();
        _batches.Enqueue((now, checks));
        while (time.GetElapsedTime(_batches.Peek().ArrivedAt, now) > Window)
        {
            _batches.Dequeue();
        }
    }

    /// <summary>
    /// The latest check of each website due after <paramref name="lastCheckAt"/> that may still be sent: not stale, and
    /// the website's next slot at least half an interval away (a check sent off the slots, at a website's creation or
    /// takeover, may be followed by its next slot only half an interval later). Earliest due first.
    /// </summary>
    public ImmutableArray<CheckItem> TimelyAfter(DateTime lastCheckAt)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var latest = new Dictionary<Guid, CheckItem>();
        foreach (var (_, checks) in _batches)
        {
            foreach (var check in checks)
            {
                if (check.DueAt > lastCheckAt && !check.IsStaleAt(now) && NextSlotIsHalfAnIntervalAway(check, now)
                    && (!latest.TryGetValue(check.WebsiteId, out var known) || check.DueAt > known.DueAt))
                {
                    latest[check.WebsiteId] = check;
                }
            }
        }

        return [.. latest.Values.OrderBy(check => check.DueAt)];
    }

    private static bool NextSlotIsHalfAnIntervalAway(CheckItem check, DateTime now) =>
        DispatchSchedule.UntilNext(check.WebsiteId, check.IntervalSeconds, now).Ticks * 2 >= TimeSpan.TicksPerSecond * check.IntervalSeconds;
}
