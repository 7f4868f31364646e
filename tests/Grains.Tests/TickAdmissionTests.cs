namespace Uptime.Grains.Tests;

public sealed class TickAdmissionTests
{
    private const int Interval = 30;
    private static readonly DateTime _now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private static readonly WebsiteDefinition _website = new(Guid.Parse("0193a5b0-0000-7000-8000-00000000000a"), "https://example.com/", Interval, true);
    private static readonly DateTime _slot = DispatchSchedule.LatestSlotAtOrBefore(_website.Id, Interval, _now);
    private static readonly DateTime _connectedLongAgo = _now.AddHours(-1);

    [Fact]
    public void Token_AnswerWithinItsWindow_RecordedAtItsDueTime()
    {
        var outcome = Admit(Tokened(_slot, timestamp: _slot.AddSeconds(1)));

        Assert.Equal((TickVerdict.Recorded, _slot), (outcome.Verdict, outcome.DueAt));
    }

    [Fact]
    public void Token_CheckClosed_Unexpected()
    {
        var dueAt = _now - TickAdmission.OpenFor(Interval) - TimeSpan.FromSeconds(1);

        var outcome = Admit(Tokened(dueAt, timestamp: dueAt.AddSeconds(1)));

        Assert.Equal(TickVerdict.Unexpected, outcome.Verdict);
        Assert.Contains("closed at", outcome.Error);
    }

    [Fact]
    public void Token_StillOpenAfterAReconnect_Recorded()
    {
        var dueAt = _now - TickAdmission.OpenFor(Interval) + TimeSpan.FromSeconds(1);

        Assert.Equal(TickVerdict.Recorded, Admit(Tokened(dueAt, timestamp: dueAt.AddSeconds(2))).Verdict);
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("2099-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void AbsurdTimestamp_BadTimestampNamingTheWindow(string timestamp)
    {
        var at = DateTime.Parse(timestamp, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        foreach (var tick in new[] { Tokened(_slot, at), Tokenless(at, _connectedLongAgo) })
        {
            var outcome = Admit(tick);
            Assert.Equal(TickVerdict.BadTimestamp, outcome.Verdict);
            Assert.StartsWith("payload.timestamp", outcome.Error);
            Assert.Contains("outside the allowed window", outcome.Error);
        }
    }

    [Fact]
    public void Token_TimestampLongBeforeTheCheckWasDue_BadTimestamp()
    {
        var outcome = Admit(Tokened(_slot, timestamp: _slot - TickAdmission.ClockSkew - TimeSpan.FromSeconds(1)));

        Assert.Equal(TickVerdict.BadTimestamp, outcome.Verdict);
    }

    [Fact]
    public void TimestampWithinTheSkewAllowanceAhead_Recorded()
    {
        Assert.Equal(TickVerdict.Recorded, Admit(Tokened(_slot, timestamp: _now + TickAdmission.ClockSkew)).Verdict);
        Assert.Equal(TickVerdict.BadTimestamp, Admit(Tokened(_slot, timestamp: _now + TickAdmission.ClockSkew + TimeSpan.FromSeconds(1))).Verdict);
    }

    [Fact]
    public void PausedWebsite_Unexpected()
    {
        var outcome = TickAdmission.Admit(_website with { Enabled = false }, Tokened(_slot, _slot.AddSeconds(1)), _now, DateTime.MinValue, null);

        Assert.Equal(TickVerdict.Unexpected, outcome.Verdict);
    }

    [Fact]
    public void Tokenless_AnswersTheLatestSlotAtOrBeforeItsTimestamp()
    {
        Assert.Equal(_slot, Admit(Tokenless(_slot.AddSeconds(2), _connectedLongAgo)).DueAt);
        Assert.Equal(_slot.AddSeconds(-Interval), Admit(Tokenless(_slot.AddSeconds(-1), _connectedLongAgo)).DueAt);
    }

    [Fact]
    public void Tokenless_TimestampAheadOfTheHub_AnswersTheLatestSlotBeforeNow()
    {
        var next = _slot.AddSeconds(Interval);
        var now = next.AddSeconds(-1);

        var outcome = TickAdmission.Admit(_website, Tokenless(next.AddSeconds(5), _connectedLongAgo), now, DateTime.MinValue, null);

        Assert.Equal(_slot, outcome.DueAt);
    }

    [Fact]
    public void Tokenless_FromAConnectionRegisteredAfterTheSlot_Unexpected()
    {
        var outcome = Admit(Tokenless(_now, connectedSince: _slot.AddMilliseconds(1)));

        Assert.Equal(TickVerdict.Unexpected, outcome.Verdict);
        Assert.Contains("was sent to this connection", outcome.Error);
    }

    [Fact]
    public void Tokenless_SlotBeforeTheWebsiteWasAddedOrResumed_Unexpected()
    {
        var resumedAt = _slot.AddSeconds(1);

        var outcome = TickAdmission.Admit(_website, Tokenless(_slot.AddSeconds(Interval - 1), _connectedLongAgo), _now.AddSeconds(Interval), resumedAt, null);

        Assert.Equal(TickVerdict.Unexpected, outcome.Verdict);
    }

    [Fact]
    public void Tokenless_AfterTheImmediateCheckOfANewWebsite_AnswersIt()
    {
        var checkedAt = _slot.AddSeconds(5);

        var outcome = TickAdmission.Admit(_website, Tokenless(checkedAt.AddSeconds(1), _connectedLongAgo), checkedAt.AddSeconds(2), checkedAt, new OffSlotCheck(checkedAt));

        Assert.Equal((TickVerdict.Recorded, checkedAt), (outcome.Verdict, outcome.DueAt));
    }

    [Fact]
    public void Tokenless_ValidatorNotAmongTheSlotsTargets_Unexpected()
    {
        var tick = Tokenless(_now, _connectedLongAgo);

        var outcome = TickAdmission.Admit(_website, tick, _now, DateTime.MinValue, null, [Guid.NewGuid()]);
        var targeted = TickAdmission.Admit(_website, tick, _now, DateTime.MinValue, null, [tick.ValidatorId]);

        Assert.Equal(TickVerdict.Unexpected, outcome.Verdict);
        Assert.Contains("go to validators of its regions only", outcome.Error);
        Assert.Equal(TickVerdict.Recorded, targeted.Verdict);
    }

    [Fact]
    public void Tokenless_ConfirmationSentToOthers_AnswersTheSlotBeforeIt()
    {
        var confirmedAt = _slot.AddSeconds(5);
        var tick = Tokenless(confirmedAt.AddSeconds(1), _connectedLongAgo);

        var outcome = TickAdmission.Admit(_website, tick, confirmedAt.AddSeconds(2), DateTime.MinValue, new OffSlotCheck(confirmedAt, [Guid.NewGuid()], true));

        Assert.Equal((TickVerdict.Recorded, _slot), (outcome.Verdict, outcome.DueAt));
    }

    private static TickOutcome Admit(TickReport tick) => TickAdmission.Admit(_website, tick, _now, DateTime.MinValue, null);

    private static TickReport Tokened(DateTime dueAt, DateTime timestamp) => new(Guid.NewGuid(), true, 10, timestamp, null, dueAt, _connectedLongAgo);

    private static TickReport Tokenless(DateTime timestamp, DateTime connectedSince) => new(Guid.NewGuid(), true, 10, timestamp, null, null, connectedSince);
}
