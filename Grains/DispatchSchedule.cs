namespace Uptime.Grains;

/// <summary>
/// Each website's checks fall on a fixed wall-clock grid, <c>k × interval + offset</c>, with the offset derived
/// from the website id. A grain re-activated on another silo after a failover therefore keeps the same slots (no
/// extra dispatch inside an interval), and websites with the same interval are spread evenly over it.
/// </summary>
public static class DispatchSchedule
{
    public static TimeSpan Offset(Guid websiteId, int intervalSeconds) =>
        TimeSpan.FromMilliseconds(WebsiteIdHash.Of(websiteId) % (ulong)(intervalSeconds * 1000L));

    /// <summary>The website's slot nearest to <paramref name="now"/> (a timer fires a little late or early).</summary>
    public static DateTime NearestSlot(Guid websiteId, int intervalSeconds, DateTimeOffset now)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds).Ticks;
        var sinceSlot = (now.UtcTicks - Offset(websiteId, intervalSeconds).Ticks) % interval;
        var slot = sinceSlot <= interval / 2 ? now.UtcTicks - sinceSlot : now.UtcTicks - sinceSlot + interval;
        return new DateTime(slot, DateTimeKind.Utc);
    }

    /// <summary>The website's latest slot at or before <paramref name="at"/>.</summary>
    public static DateTime LatestSlotAtOrBefore(Guid websiteId, int intervalSeconds, DateTime at)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds).Ticks;
        var sinceSlot = (at.Ticks - Offset(websiteId, intervalSeconds).Ticks) % interval;
        return new DateTime(at.Ticks - sinceSlot, DateTimeKind.Utc);
    }

    /// <summary>Time from <paramref name="now"/> to the website's next slot (zero when exactly on one).</summary>
    public static TimeSpan UntilNext(Guid websiteId, int intervalSeconds, DateTimeOffset now)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds).Ticks;
        var sinceSlot = (now.UtcTicks - Offset(websiteId, intervalSeconds).Ticks) % interval;
        return sinceSlot == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(interval - sinceSlot);
    }
}
