using System.Collections.Immutable;
using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>
/// The latest check of each website that reached this silo, from whichever silo dispatched it (every silo's checks reach
/// every silo). It answers two questions after a failure: which checks a validator that lost its connection missed
/// (<see cref="TimelyAfter"/>: sent at once when it registers again, instead of waiting up to an interval for their
/// next slots), and whether a website's grain activated here after its silo died owes a check (<see cref="LatestDueOf"/>).
/// A website's entry goes away two intervals after its last check. Not thread-safe; <see cref="LocalValidators"/> holds its lock.
/// </summary>
internal sealed class LatestChecks(TimeProvider time)
{
    /// <summary>How long this silo must have been receiving checks before it may say a website's check did not come.</summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How much before its due time a check may go out (a grain timer firing early dispatches the nearest slot), so that
    /// a check due this much after a validator's last frame may have come in that frame.
    /// </summary>
    public static readonly TimeSpan EarlyDispatch = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a re-sent check may take to run after it is chosen (the new connection's first frames, the agent's queue
    /// for the target host): its website's next slot must be this much more than half an interval away.
    /// </summary>
    public static readonly TimeSpan ResendLead = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan _prunePeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, CheckItem> _latest = [];
    private readonly DateTime _receivingSince = time.GetUtcNow().UtcDateTime + Warmup;
    private DateTime _nextPrune = time.GetUtcNow().UtcDateTime + _prunePeriod;

    public void Add(ImmutableArray<CheckItem> checks)
    {
        foreach (var check in checks)
        {
            // A confirmation is an extra check for a few validators: the slot check before it stays the one to replay.
            if (check.Confirmation)
            {
                continue;
            }

            if (!_latest.TryGetValue(check.WebsiteId, out var known) || check.DueAt > known.DueAt)
            {
                _latest[check.WebsiteId] = check;
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (now >= _nextPrune)
        {
            _nextPrune = now + _prunePeriod;
            foreach (var (websiteId, check) in _latest)
            {
                if (now - check.DueAt > TimeSpan.FromSeconds(2 * check.IntervalSeconds))
                {
                    _latest.Remove(websiteId);
                }
            }
        }
    }

    /// <summary>
    /// The due time of the website's latest check that reached this silo within its last two intervals;
    /// <see cref="DateTime.MinValue"/> when none did; null when this silo has not been receiving checks for an interval
    /// yet and cannot tell.
    /// </summary>
    public DateTime? LatestDueOf(Guid websiteId, int intervalSeconds)
    {
        if (_latest.TryGetValue(websiteId, out var check))
        {
            return check.DueAt;
        }

        return time.GetUtcNow().UtcDateTime - _receivingSince >= TimeSpan.FromSeconds(intervalSeconds) ? DateTime.MinValue : null;
    }

    /// <summary>
    /// The latest check of each website due more than <see cref="EarlyDispatch"/> after <paramref name="lastCheckAt"/>,
    /// if it was bound for the validator (<see cref="CheckItem.IsFor"/>), that may still be sent: not stale, and the website's next slot at least half an interval plus
    /// <see cref="ResendLead"/> away (a check sent off the slots, at a website's creation or takeover, may be followed by
    /// its next slot only half an interval later).
    /// Earliest due first.
    /// </summary>
    public ImmutableArray<CheckItem> TimelyAfter(DateTime lastCheckAt, Guid validatorId, string[]? capabilities)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var notReceived = lastCheckAt + EarlyDispatch;
        return [.. _latest.Values
            .Where(check => check.DueAt > notReceived && check.IsFor(validatorId, capabilities) && !check.IsStaleAt(now) && NextSlotIsHalfAnIntervalAway(check, now))
            .OrderBy(check => check.DueAt)];
    }

    private static bool NextSlotIsHalfAnIntervalAway(CheckItem check, DateTime now) =>
        DispatchSchedule.UntilNext(check.WebsiteId, check.IntervalSeconds, now) - ResendLead >= TimeSpan.FromSeconds(check.IntervalSeconds) / 2;
}
