using Microsoft.Extensions.Time.Testing;
using Uptime.Grains;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

public sealed class LatestChecksTests
{
    private const int Interval = 10;

    /// <summary>On the grid of every interval, so a website's slots fall its offset after each multiple of 10 s.</summary>
    private static readonly DateTime _start = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);

    private static readonly Guid _site1 = WebsiteWithOffset(TimeSpan.Zero);
    private static readonly Guid _site2 = WebsiteWithOffset(TimeSpan.FromSeconds(1));
    private static readonly Guid _site3 = WebsiteWithOffset(TimeSpan.FromSeconds(5));
    private static readonly Guid _validator = Guid.NewGuid();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(_start));
    private readonly LatestChecks _latest;

    public LatestChecksTests() => _latest = new LatestChecks(_time);

    [Fact]
    public void TimelyAfter_ChecksDueAfterTheValidatorsLastFrame_TheLatestPerWebsite()
    {
        var lastFrame = _start.AddSeconds(-4);
        _latest.Add([Check(_site2, lastFrame.AddSeconds(-1)), Check(_site1, lastFrame.AddSeconds(1))]);
        _latest.Add([Check(_site1, Slot(_site1, 0)), Check(_site2, Slot(_site2, 0))]);
        _time.Advance(TimeSpan.FromSeconds(2));

        var missed = _latest.TimelyAfter(lastFrame, _validator, null);

        Assert.Equal([Check(_site1, Slot(_site1, 0)), Check(_site2, Slot(_site2, 0))], missed.ToArray());
    }

    [Fact]
    public void TimelyAfter_ChecksTargetedAtOtherValidators_NotSentToThisOne()
    {
        var lastFrame = _start.AddSeconds(-4);
        var forThisOne = Check(_site1, Slot(_site1, 0)) with { Targets = [Guid.NewGuid(), _validator] };
        var forAnother = Check(_site2, Slot(_site2, 0)) with { Targets = [Guid.NewGuid()] };
        var forNoOne = Check(_site3, Slot(_site3, 0)) with { Targets = [] };
        _latest.Add([forThisOne, forAnother, forNoOne]);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([forThisOne], _latest.TimelyAfter(lastFrame, _validator, null).ToArray());
    }

    [Fact]
    public void TimelyAfter_ChecksMoreThanHalfAnIntervalLate_LeftForTheirNextSlot()
    {
        _latest.Add([Check(_site1, Slot(_site1, 0)), Check(_site3, Slot(_site3, 0))]);
        _time.Advance(Slot(_site1, 0).AddSeconds(Interval / 2.0 + 0.7) - _start);

        Assert.Equal([Check(_site3, Slot(_site3, 0))], _latest.TimelyAfter(_start.AddSeconds(-1), _validator, null).ToArray());
    }

    [Fact]
    public void TimelyAfter_CheckOffTheSlotsWhoseNextSlotIsLessThanHalfAnIntervalAndTheResendLeadAway_LeftForThatSlot()
    {
        var offSlot = Slot(_site1, 0).AddSeconds(2);
        _latest.Add([Check(_site1, offSlot)]);
        _time.Advance(offSlot.AddSeconds(0.5) - _start);
        Assert.Equal([Check(_site1, offSlot)], _latest.TimelyAfter(_start, _validator, null).ToArray());

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(_latest.TimelyAfter(_start, _validator, null));
    }

    [Fact]
    public void LatestDueOf_BeforeTheSiloReceivedChecksForAnInterval_CannotTell()
    {
        Assert.Null(_latest.LatestDueOf(_site1, Interval));

        _time.Advance(LatestChecks.Warmup + TimeSpan.FromSeconds(Interval));

        Assert.Equal(DateTime.MinValue, _latest.LatestDueOf(_site1, Interval));
    }

    [Fact]
    public void LatestDueOf_TheLatestDueTimeThatCame()
    {
        _latest.Add([Check(_site1, Slot(_site1, 0)), Check(_site1, Slot(_site1, -1))]);

        Assert.Equal(Slot(_site1, 0), _latest.LatestDueOf(_site1, Interval));
    }

    [Fact]
    public void Add_WebsitesWithoutChecksForTwoIntervals_Forgotten()
    {
        _latest.Add([Check(_site1, Slot(_site1, 0))]);
        _time.Advance(TimeSpan.FromMinutes(2));

        _latest.Add([Check(_site2, _time.GetUtcNow().UtcDateTime)]);

        Assert.Equal(DateTime.MinValue, _latest.LatestDueOf(_site1, Interval));
    }

    [Fact]
    public void TimelyAfter_CheckDueJustAfterTheLastFrame_MayHaveComeInItSoNotSentAgain()
    {
        _latest.Add([Check(_site1, Slot(_site1, 0))]);
        _time.Advance(TimeSpan.FromSeconds(1));
        var frameWrittenBeforeItsDueTime = Slot(_site1, 0) - TimeSpan.FromMilliseconds(300);

        Assert.Empty(_latest.TimelyAfter(frameWrittenBeforeItsDueTime, _validator, null));
    }

    [Fact]
    public void TimelyAfter_NothingDueAfter_Empty()
    {
        _latest.Add([Check(_site1, Slot(_site1, 0))]);

        Assert.Empty(_latest.TimelyAfter(Slot(_site1, 0), _validator, null));
    }

    /// <summary>The website's slot <paramref name="k"/> intervals after its first at or after <see cref="_start"/>.</summary>
    private static DateTime Slot(Guid website, int k) =>
        _start + DispatchSchedule.Offset(website, Interval) + TimeSpan.FromSeconds(k * Interval);

    private static CheckItem Check(Guid website, DateTime dueAt) => new(website, $"http://127.0.0.1/{website:N}", Interval, dueAt);

    /// <summary>A website id whose slots fall <paramref name="offset"/> (within 0.5 s) after each multiple of the interval.</summary>
    private static Guid WebsiteWithOffset(TimeSpan offset, int interval = Interval)
    {
        while (true)
        {
            var id = Guid.NewGuid();
            var actual = DispatchSchedule.Offset(id, interval);
            if (actual >= offset && actual < offset + TimeSpan.FromSeconds(0.5))
            {
                return id;
            }
        }
    }
}
