using Uptime.Hub.Maintenance;

namespace Uptime.Hub.Tests.Maintenance;

public sealed class MaintenanceScheduleTests
{
    private static readonly Guid _website = Guid.NewGuid();
    private static readonly Guid _otherWebsite = Guid.NewGuid();

    [Fact]
    public void OneOff_CoversFromItsStartUntilJustBeforeItsEnd()
    {
        var schedule = new MaintenanceSchedule([OneOff(At("10:00"), At("11:00"), [_website])]);

        Assert.False(schedule.IsInMaintenance(_website, At("09:59:59")));
        Assert.True(schedule.IsInMaintenance(_website, At("10:00")));
        Assert.True(schedule.IsInMaintenance(_website, At("10:59:59")));
        Assert.False(schedule.IsInMaintenance(_website, At("11:00")));
    }

    [Fact]
    public void Recurring_DailyInBerlinAcrossTheSpringDaylightSavingChange_OpensAtTheRightUtcInstants()
    {
        // 02:00 local: CET (UTC+1) on 27 March 2027; on the 28th the clocks jump from 02:00 to 03:00, so 02:00 does not
        // exist and the window opens at the jump (01:00 UTC); from the 29th it is CEST (UTC+2).
        var window = new ScheduledWindow(Recurring("0 2 * * *", "Europe/Berlin", 60, [_website]));

        Assert.Equal(Occurrence("2027-03-27T01:00:00Z", 60), window.CurrentOrNext(Utc("2027-03-26T12:00:00Z")));
        Assert.Equal(Occurrence("2027-03-28T01:00:00Z", 60), window.CurrentOrNext(Utc("2027-03-27T12:00:00Z")));
        Assert.Equal(Occurrence("2027-03-29T00:00:00Z", 60), window.CurrentOrNext(Utc("2027-03-28T12:00:00Z")));
        Assert.True(window.IsOpen(Utc("2027-03-29T00:30:00Z")));
        Assert.False(window.IsOpen(Utc("2027-03-29T01:00:00Z")));
    }

    [Fact]
    public void Recurring_AskedDuringAnOccurrence_GivesThatOccurrenceThenTheNext()
    {
        var window = new ScheduledWindow(Recurring("0 * * * *", "UTC", 20, [_website]));

        Assert.Equal(Occurrence("2027-01-01T10:00:00Z", 20), window.CurrentOrNext(Utc("2027-01-01T10:19:00Z")));
        Assert.Equal(Occurrence("2027-01-01T11:00:00Z", 20), window.CurrentOrNext(Utc("2027-01-01T10:20:00Z")));
        Assert.Equal(Occurrence("2027-01-01T11:00:00Z", 20), window.FirstStartingAfter(Utc("2027-01-01T10:05:00Z")));
    }

    [Fact]
    public void Recurring_AskedEarlierThanBefore_StillAnswersForThatMoment()
    {
        var window = new ScheduledWindow(Recurring("0 * * * *", "UTC", 20, [_website]));
        Assert.False(window.IsOpen(Utc("2027-01-01T10:30:00Z")));

        Assert.True(window.IsOpen(Utc("2027-01-01T10:10:00Z")));
        Assert.False(window.IsOpen(Utc("2027-01-01T10:30:00Z")));
        Assert.True(window.IsOpen(Utc("2027-01-01T11:00:00Z")));
    }

    [Fact]
    public void OverlappingWindows_CoverTheirUnion_CurrentIsTheOneEndingLast()
    {
        var first = OneOff(At("10:00"), At("11:00"), [_website]);
        var second = OneOff(At("10:30"), At("12:00"), [_website]);
        var schedule = new MaintenanceSchedule([first, second]);

        Assert.True(schedule.IsInMaintenance(_website, At("10:45")));
        Assert.True(schedule.IsInMaintenance(_website, At("11:30")));
        Assert.False(schedule.IsInMaintenance(_website, At("12:00")));
        var (current, next) = schedule.For(_website, At("10:45"));
        Assert.Equal((second.Id, At("12:00")), (current!.Window.Id, current.Occurrence.End));
        Assert.Null(next);
        Assert.Equal((null, first.Id), (schedule.For(_website, At("09:00")).Current, schedule.For(_website, At("09:00")).Next!.Window.Id));
    }

    [Fact]
    public void WindowForAllWebsites_CoversEveryWebsite_AListedOneOnlyItsWebsites()
    {
        var schedule = new MaintenanceSchedule(
        [
            OneOff(At("10:00"), At("11:00"), [_website]),
            OneOff(At("12:00"), At("13:00"), [], allWebsites: true),
        ]);

        Assert.True(schedule.IsInMaintenance(_website, At("10:30")));
        Assert.False(schedule.IsInMaintenance(_otherWebsite, At("10:30")));
        Assert.True(schedule.IsInMaintenance(_website, At("12:30")));
        Assert.True(schedule.IsInMaintenance(_otherWebsite, At("12:30")));
        Assert.True(schedule.IsInMaintenance(Guid.NewGuid(), At("12:30")));
    }

    [Fact]
    public void IsInMaintenance_AskedEveryMinuteAcrossManyBoundaries_SameAsAskingEachWindow()
    {
        MaintenanceWindow[] windows =
        [
            Recurring("*/7 * * * *", "UTC", 3, [_website]) with { AllWebsites = true },
            Recurring("5 * * * *", "Asia/Kolkata", 20, [_website]),
            OneOff(At("10:30"), At("10:31"), [], allWebsites: true),
            OneOff(At("11:00"), At("12:30"), [_website]),
        ];
        var schedule = new MaintenanceSchedule(windows);
        var reference = windows.Select(w => new ScheduledWindow(w)).ToList();

        for (var at = At("09:55"); at < At("13:00"); at = at.AddSeconds(30))
        {
            var expected = reference.Any(w => w.Window.Covers(_website) && w.CurrentOrNext(at) is { } o && o.Covers(at));
            Assert.True(expected == schedule.IsInMaintenance(_website, at), $"at {at:HH:mm:ss}: expected {expected}");
        }
    }

    [Fact]
    public void OpenAt_NamesTheOpenWindows()
    {
        var open = OneOff(At("10:00"), At("11:00"), [_website]);
        var schedule = new MaintenanceSchedule([open, OneOff(At("11:00"), At("12:00"), [_website])]);

        Assert.Equal([open.Id], schedule.OpenAt(At("10:30")));
    }

    [Fact]
    public void Differences_AddedChangedAndDeletedWindows()
    {
        var kept = OneOff(At("10:00"), At("11:00"), [_website]);
        var changed = OneOff(At("10:00"), At("11:00"), [_website]);
        var deleted = OneOff(At("10:00"), At("11:00"), [_website]);
        var added = OneOff(At("10:00"), At("11:00"), [_otherWebsite]);
        var changedLater = changed with { EndsAt = At("11:30"), UpdatedAt = changed.UpdatedAt.AddSeconds(1) };

        var differences = MaintenanceSchedule.Differences(
            new MaintenanceSchedule([kept, changed, deleted]), new MaintenanceSchedule([kept, changedLater, added])).ToList();

        Assert.Equal([changed, deleted, changedLater, added], differences);
    }

    private static DateTime At(string time) => Utc($"2027-01-01T{(time.Length == 5 ? time + ":00" : time)}Z");

    private static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.RoundtripKind);

    private static MaintenanceOccurrence Occurrence(string start, int minutes) => new(Utc(start), Utc(start).AddMinutes(minutes));

    private static MaintenanceWindow OneOff(DateTime start, DateTime end, Guid[] websites, bool allWebsites = false) =>
        new(Guid.NewGuid(), "one-off", "", start, end, null, null, null, allWebsites, websites, At("00:00"), At("00:00"));

    private static MaintenanceWindow Recurring(string cron, string zone, int minutes, Guid[] websites) =>
        new(Guid.NewGuid(), "recurring", "", null, null, cron, zone, minutes, false, websites, At("00:00"), At("00:00"));
}
