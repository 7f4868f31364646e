namespace Uptime.Grains.Tests;

public sealed class DispatchScheduleTests
{
    private static readonly DateTimeOffset _noon = new(2025, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Offset_SameWebsite_SameOffsetWithinInterval()
    {
        var id = Guid.NewGuid();

        var offset = DispatchSchedule.Offset(id, 30);

        Assert.Equal(offset, DispatchSchedule.Offset(id, 30));
        Assert.InRange(offset, TimeSpan.Zero, TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Offset_ManyWebsites_SpreadOverTheInterval()
    {
        var offsets = Enumerable.Range(0, 3000).Select(_ => DispatchSchedule.Offset(Guid.CreateVersion7(), 30).TotalSeconds).ToList();

        var perThird = offsets.GroupBy(s => (int)(s / 10)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perThird.Count);
        Assert.All(perThird.Values, count => Assert.InRange(count, 800, 1200));
    }

    [Fact]
    public void UntilNext_AnyMoment_LandsOnTheWebsitesSlot()
    {
        var id = Guid.NewGuid();
        var offset = DispatchSchedule.Offset(id, 10);

        foreach (var seconds in new[] { 0.0, 0.5, 3, 9.999, 10, 123.4 })
        {
            var now = _noon.AddSeconds(seconds);
            var next = now + DispatchSchedule.UntilNext(id, 10, now);

            Assert.InRange(next - now, TimeSpan.Zero, TimeSpan.FromSeconds(10));
            Assert.Equal(offset.Ticks, (next.UtcTicks - offset.Ticks) % TimeSpan.FromSeconds(10).Ticks + offset.Ticks);
        }
    }

    [Fact]
    public void UntilNext_TwoActivationsAnyTimeApart_SameSlots()
    {
        var id = Guid.NewGuid();
        var first = _noon + DispatchSchedule.UntilNext(id, 30, _noon);
        var later = _noon.AddSeconds(47);

        var second = later + DispatchSchedule.UntilNext(id, 30, later);

        Assert.Equal(0, (second - first).Ticks % TimeSpan.FromSeconds(30).Ticks);
    }

    [Fact]
    public void NearestSlot_TimerSlightlyLateOrEarly_ThatSlot()
    {
        var id = Guid.NewGuid();
        var slot = _noon + DispatchSchedule.UntilNext(id, 30, _noon);

        Assert.Equal(slot.UtcDateTime, DispatchSchedule.NearestSlot(id, 30, slot.AddMilliseconds(40)));
        Assert.Equal(slot.UtcDateTime, DispatchSchedule.NearestSlot(id, 30, slot.AddMilliseconds(-40)));
        Assert.Equal(DateTimeKind.Utc, DispatchSchedule.NearestSlot(id, 30, slot).Kind);
    }
}
