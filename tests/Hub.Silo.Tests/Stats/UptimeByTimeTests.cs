using Microsoft.Extensions.Time.Testing;
using Uptime.Hub.Stats;
using Uptime.Hub.Tests.Database;

namespace Uptime.Hub.Tests.Stats;

/// <summary>
/// Hand-written status-change histories in a real PostgreSQL, uptime by time out: each website is created 40 days before
/// a fixed now unless a test says otherwise, and its 24-hour window is [now − 24 h, now).
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class UptimeByTimeTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime _now = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime _dayStart = _now.AddDays(-1);
    private static readonly double _hour = TimeSpan.FromHours(1).TotalSeconds;

    // 84743.37369372326 × 100 ÷ 84743.37369372326 is 99.99999999999999 in doubles: the dashboard would show 99.99%.
    [Theory]
    [InlineData(84743.37369372326, 0, 100.0)]
    [InlineData(0, 84743.37369372326, 0.0)]
    public void From_NothingAgainstOrNothingFor_Exactly100Or0(double up, double down, double expected)
    {
        Assert.Equal(expected, UptimeByTime.From(new StatusSeconds(up, 0, down, 0, 0)).Percent);
    }

    [Fact]
    public async Task UpTheWholeWindow_100Percent()
    {
        var id = await WebsiteAsync(("Unknown", "Up", _now.AddDays(-35)));

        var day = (await UptimeOf(id)).H24;

        Assert.Equal(100, day.Percent);
        Assert.Equal(new StatusSeconds(24 * _hour, 0, 0, 0, 0), day.SecondsByStatus);
    }

    [Fact]
    public async Task Down6Of24Hours_75Percent()
    {
        var id = await WebsiteAsync(
            ("Unknown", "Up", _now.AddDays(-2)), ("Up", "Down", _dayStart.AddHours(3)), ("Down", "Up", _dayStart.AddHours(9)));

        var day = (await UptimeOf(id)).H24;

        Assert.Equal(75, day.Percent);
        Assert.Equal(new StatusSeconds(18 * _hour, 0, 6 * _hour, 0, 0), day.SecondsByStatus);
    }

    [Fact]
    public async Task Unknown12HoursThenUp12Hours_100PercentWith12HoursUnknownReported()
    {
        var id = await WebsiteAsync(("Up", "Unknown", _now.AddDays(-3)), ("Unknown", "Up", _dayStart.AddHours(12)));

        var day = (await UptimeOf(id)).H24;

        Assert.Equal(100, day.Percent);
        Assert.Equal(new StatusSeconds(12 * _hour, 0, 0, 12 * _hour, 0), day.SecondsByStatus);
    }

    [Fact]
    public async Task MaintenanceTime_ExcludedAndReported()
    {
        var id = await WebsiteAsync(
            ("Unknown", "Down", _now.AddDays(-2)),
            ("Down", "Maintenance", _dayStart.AddHours(6)),
            ("Maintenance", "Up", _dayStart.AddHours(18)));

        var day = (await UptimeOf(id)).H24;

        Assert.Equal(50, day.Percent);
        Assert.Equal(new StatusSeconds(6 * _hour, 0, 6 * _hour, 0, 12 * _hour), day.SecondsByStatus);
    }

    [Fact]
    public async Task ChangesExactlyAtTheWindowsStarts_TheirNewStatusCountsFromTheStart()
    {
        var id = await WebsiteAsync(
            ("Unknown", "Up", _now.AddDays(-40)), ("Up", "Down", _now.AddDays(-30)), ("Down", "Up", _dayStart));

        var uptime = await UptimeOf(id);

        Assert.Equal(new StatusSeconds(24 * _hour, 0, 0, 0, 0), uptime.H24.SecondsByStatus);
        Assert.Equal(new StatusSeconds(24 * _hour, 0, 6 * 24 * _hour, 0, 0), uptime.D7.SecondsByStatus);
        Assert.Equal(new StatusSeconds(24 * _hour, 0, 29 * 24 * _hour, 0, 0), uptime.D30.SecondsByStatus);
    }

    [Fact]
    public async Task CreatedInsideTheWindow_TimeBeforeCreationIsNotCounted()
    {
        var id = await WebsiteAsync(_now.AddHours(-6), "Up", ("Unknown", "Up", _now.AddHours(-5)), ("Up", "Down", _now.AddHours(-1)));

        var uptime = await UptimeOf(id);

        Assert.Equal(80, uptime.H24.Percent);
        Assert.Equal(new StatusSeconds(4 * _hour, 0, _hour, _hour, 0), uptime.H24.SecondsByStatus);
        Assert.Equal(uptime.H24, uptime.D7);
        Assert.Equal(uptime.H24, uptime.D30);
    }

    [Fact]
    public async Task NoCountedTime_NullNotAPercentage()
    {
        var unknownOnly = await WebsiteAsync(_now.AddHours(-2), "Unknown");
        var maintenanceOnly = await WebsiteAsync(("Unknown", "Maintenance", _now.AddDays(-31)));

        var unknown = (await UptimeOf(unknownOnly)).D30;
        var maintenance = (await UptimeOf(maintenanceOnly)).D30;

        Assert.Null(unknown.Percent);
        Assert.Equal(new StatusSeconds(0, 0, 0, 2 * _hour, 0), unknown.SecondsByStatus);
        Assert.Null(maintenance.Percent);
        Assert.Equal(new StatusSeconds(0, 0, 0, 0, 30 * 24 * _hour), maintenance.SecondsByStatus);
    }

    [Fact]
    public async Task DegradedTime_CountsAsUp()
    {
        var id = await WebsiteAsync(("Unknown", "Degraded", _now.AddDays(-2)), ("Degraded", "Down", _now.AddHours(-6)));

        var day = (await UptimeOf(id)).H24;

        Assert.Equal(75, day.Percent);
        Assert.Equal(new StatusSeconds(0, 18 * _hour, 6 * _hour, 0, 0), day.SecondsByStatus);
    }

    [Fact]
    public async Task ChangesBeforeTheWindowDeletedByRetention_StatusAtTheStartFromTheFirstChangeInside()
    {
        var id = await WebsiteAsync(("Down", "Up", _now.AddHours(-6)));

        var day = (await UptimeOf(id)).H24;

        Assert.Equal(new StatusSeconds(6 * _hour, 0, 18 * _hour, 0, 0), day.SecondsByStatus);
    }

    [Fact]
    public async Task LongerWindows_EachCountsOnlyItsOwnSpan()
    {
        var id = await WebsiteAsync(("Unknown", "Up", _now.AddDays(-40)), ("Up", "Down", _now.AddDays(-10)), ("Down", "Up", _now.AddDays(-4)));

        var uptime = await UptimeOf(id);

        Assert.Equal(100, uptime.H24.Percent);
        Assert.Equal(new StatusSeconds(4 * 24 * _hour, 0, 3 * 24 * _hour, 0, 0), uptime.D7.SecondsByStatus);
        Assert.Equal(80, uptime.D30.Percent);
    }

    [Fact]
    public async Task ManyWebsites_OneAnswerEach()
    {
        var up = await WebsiteAsync(("Unknown", "Up", _now.AddDays(-2)));
        var down = await WebsiteAsync(("Unknown", "Down", _now.AddDays(-2)));

        var uptime = await new StatsRepository(database.DataSource, new FakeTimeProvider(_now))
            .GetUptimeByTimeAsync([up, down, Guid.NewGuid()], CancellationToken.None);

        Assert.Equal(100, uptime[up].H24.Percent);
        Assert.Equal(0, uptime[down].H24.Percent);
        Assert.Equal(3, uptime.Count);
    }

    private async Task<UptimeByTimeSummary> UptimeOf(Guid websiteId) =>
        (await new StatsRepository(database.DataSource, new FakeTimeProvider(_now))
            .GetUptimeByTimeAsync([websiteId], CancellationToken.None))[websiteId];

    private Task<Guid> WebsiteAsync(params (string From, string To, DateTime At)[] changes) =>
        WebsiteAsync(_now.AddDays(-40), changes.Length == 0 ? "Unknown" : changes[^1].To, changes);

    /// <summary>A website created at <paramref name="createdAt"/> whose row holds <paramref name="status"/>, with its changes logged.</summary>
    private async Task<Guid> WebsiteAsync(DateTime createdAt, string status, params (string From, string To, DateTime At)[] changes)
    {
        var id = Guid.NewGuid();
        await using (var insert = database.DataSource.CreateCommand(
            "INSERT INTO websites (id, url, created_at, status) VALUES ($1, $2, $3, $4)"))
        {
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = $"https://example.com/{id}" });
            insert.Parameters.Add(new() { Value = createdAt });
            insert.Parameters.Add(new() { Value = status });
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var (from, to, at) in changes)
        {
            await using var change = database.DataSource.CreateCommand(
                "INSERT INTO website_status_changes (website_id, at, from_status, to_status) VALUES ($1, $2, $3, $4)");
            change.Parameters.Add(new() { Value = id });
            change.Parameters.Add(new() { Value = at });
            change.Parameters.Add(new() { Value = from });
            change.Parameters.Add(new() { Value = to });
            await change.ExecuteNonQueryAsync();
        }

        return id;
    }
}
