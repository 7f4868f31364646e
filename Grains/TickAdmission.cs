namespace Uptime.Grains;

/// <summary>
/// Which ticks count: only an answer to a check the hub sent that validator and that is still open. A tick with a
/// verified checkToken names its check; a tick without one (a spec-only validator) answers the website's latest check
/// due at or before its timestamp, which must have been sent while its connection was registered. A check is open
/// from its due time for one interval plus <see cref="CheckTimeout"/> plus <see cref="ResendGrace"/>; a tick's
/// timestamp may lie from <see cref="ClockSkew"/> before the check's due time to <see cref="ClockSkew"/> after the
/// hub's clock.
/// </summary>
public static class TickAdmission
{
    /// <summary>How far a validator's clock may be off the hub's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The spec's HTTP timeout of a check.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Time for a validator to reconnect (to another silo, if its own died) and send unacknowledged ticks again.</summary>
    public static readonly TimeSpan ResendGrace = TimeSpan.FromSeconds(60);

    public static TimeSpan OpenFor(int intervalSeconds) => TimeSpan.FromSeconds(intervalSeconds) + CheckTimeout + ResendGrace;

    /// <summary>
    /// The check <paramref name="tick"/> answers, or why it answers none. <paramref name="sentSince"/> is when this
    /// activation started sending checks after the website was added or resumed (earlier slots were never sent);
    /// <paramref name="offSlot"/> is a check sent off the website's slots (at once, on creation or
    /// resumption, or a confirmation to some validators), if any; a tick without a checkToken from a validator it was not
    /// sent to answers the slot before it. <paramref name="slotTargets"/> are the validators the latest slot check went to
    /// (null: every validator); a tick without a checkToken from another validator answers no check.
    /// </summary>
    public static TickOutcome Admit(
        WebsiteDefinition website, TickReport tick, DateTime now, DateTime sentSince, OffSlotCheck? offSlot, Guid[]? slotTargets = null)
    {
        if (!website.Enabled)
        {
            return Unexpected($"website {website.Id} is paused: no check of it is open; tick not stored");
        }

        var latest = now + ClockSkew;
        if (tick.DueAt is { } dueAt)
        {
            if (Outside(tick.Timestamp, dueAt - ClockSkew, latest, "the check's due time") is { } problem)
            {
                return problem;
            }

            var closedAt = dueAt + OpenFor(website.IntervalSeconds);
            return now > closedAt
                ? Unexpected($"the check of website {website.Id} due at {dueAt:O} closed at {closedAt:O}; tick not stored")
                : new TickOutcome(TickVerdict.Recorded, default, dueAt);
        }

        if (Outside(tick.Timestamp, now - OpenFor(website.IntervalSeconds), latest, "the oldest open check's due time") is { } old)
        {
            return old;
        }

        var answered = LatestDue(website, Min(tick.Timestamp, now), offSlot is { } extra && extra.IsFor(tick.ValidatorId) ? extra.DueAt : null);
        if (answered < tick.ConnectedSince || answered < sentSince)
        {
            return Unexpected(
                $"no check of website {website.Id} due at or before {tick.Timestamp:O} was sent to this connection (registered at "
                + $"{tick.ConnectedSince:O}); answer the checks of CHECK_WEBSITE; tick not stored");
        }

        if (answered != offSlot?.DueAt && !CheckTargets.Include(slotTargets, tick.ValidatorId))
        {
            return Unexpected(
                $"the checks of website {website.Id} go to validators of its regions only, and this validator is not one of them; tick not stored");
        }

        return new TickOutcome(TickVerdict.Recorded, default, answered);
    }

    private static TickOutcome? Outside(DateTime timestamp, DateTime earliest, DateTime latest, string from) =>
        timestamp >= earliest && timestamp <= latest
            ? null
            : new TickOutcome(
                TickVerdict.BadTimestamp,
                default,
                default,
                $"payload.timestamp {timestamp:O} is outside the allowed window {earliest:O} to {latest:O} ({from} − {ClockSkew.TotalSeconds:0} s "
                + $"to the hub's clock + {ClockSkew.TotalSeconds:0} s); check the validator's clock; tick not stored");

    private static DateTime LatestDue(WebsiteDefinition website, DateTime at, DateTime? offSlotDueAt)
    {
        var slot = DispatchSchedule.LatestSlotAtOrBefore(website.Id, website.IntervalSeconds, at);
        return offSlotDueAt is { } extra && extra <= at && extra > slot ? extra : slot;
    }

    private static TickOutcome Unexpected(string error) => new(TickVerdict.Unexpected, default, default, error);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
