using Microsoft.Extensions.Logging.Abstractions;
using Uptime.Hub.Certificates;
using Uptime.Hub.Observability;
using Uptime.Hub.Stats;
using Uptime.Hub.Tests.Certificates;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Tests.Ticks;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Tests.Stats;

/// <summary>Known ticks in through the tick writer (which maintains the rollups), exact statistics out.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class StatsRepositoryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime _minute = StatsWindow.Floor(DateTime.UtcNow.AddMinutes(-10), TimeSpan.FromMinutes(1));

    [Fact]
    public async Task GetStatsAsync_KnownTicks_ExactNumbersPerWebsiteLocationAndFleet()
    {
        var websiteId = Guid.NewGuid();
        var ticks = new List<TickRow>();
        ticks.AddRange(new[] { 10.0, 20, 30, 40 }.Select((latency, i) => Tick(websiteId, "A", true, latency, i)));
        ticks.Add(Tick(websiteId, "A", false, 1000, 4));
        ticks.Add(Tick(websiteId, "B", true, 100, 5));
        ticks.Add(Tick(websiteId, "B", false, 200, 6));
        var fleetBefore = await StatsOf(StatsRepository.Fleet, StatsWindow.Hour);
        await StoreAsync(ticks);

        var stats = await StatsOf(websiteId, StatsWindow.Hour);

        Assert.Equal("1h", stats.Window);
        Assert.Equal(7, stats.Checks);
        Assert.Equal(2, stats.Failures);
        Assert.Equal(5 * 100.0 / 7, stats.UptimePercent);
        Assert.Equal(new LatencySummary(50, 1000, 1000, 200), stats.Latency);
        Assert.Equal(
            [
                new LocationStats("A", 80, 5, 1, new LatencySummary(37.5, 1000, 1000, 220)),
                new LocationStats("B", 50, 2, 1, new LatencySummary(100, 200, 200, 150)),
            ],
            stats.ByLocation);

        var fleet = await StatsOf(StatsRepository.Fleet, StatsWindow.Hour);
        Assert.Equal(fleetBefore.Checks + 7, fleet.Checks);
        Assert.Equal(fleetBefore.Failures + 2, fleet.Failures);
    }

    [Fact]
    public async Task GetStatsAsync_SameTickStoredTwice_CountedOnce()
    {
        var websiteId = Guid.NewGuid();
        var tick = Tick(websiteId, "A", true, 42, 0);

        await StoreAsync([tick]);
        await StoreAsync([tick]);

        var stats = await StatsOf(websiteId, StatsWindow.Day);
        Assert.Equal(1, stats.Checks);
        Assert.Equal(1L, await TestTicks.CountAsync(database.DataSource, websiteId));
    }

    [Fact]
    public async Task GetStatsAsync_NoTicks_NullsAndZeros()
    {
        var stats = await StatsOf(Guid.NewGuid(), StatsWindow.Month);

        Assert.Equal(new StatsResponse("30d", null, 0, 0, new LatencySummary(null, null, null, null), [], UptimeByTime.None),
            stats with { ByLocation = [] });
        Assert.Empty(stats.ByLocation);
    }

    [Fact]
    public async Task GetSeriesAsync_KnownTicks_OnePointPerLocationAndBucket()
    {
        var websiteId = Guid.NewGuid();
        await StoreAsync([Tick(websiteId, "A", true, 10, 0), Tick(websiteId, "A", false, 30, 1), Tick(websiteId, "B", true, 5, 2)]);

        var series = await new StatsRepository(database.DataSource, TimeProvider.System)
            .GetSeriesAsync(websiteId, StatsWindow.Hour, CancellationToken.None);

        Assert.Equal(60, series.BucketSeconds);
        Assert.Equal(["A", "B"], series.Series.Select(s => s.Location));
        Assert.Equal([new SeriesPoint(_minute, 20, 2, 1)], series.Series[0].Points);
        Assert.Equal([new SeriesPoint(_minute, 5, 1, 0)], series.Series[1].Points);
    }

    [Fact]
    public async Task GetUptimeAsync_KnownTicks_PercentPerWebsite()
    {
        var up = Guid.NewGuid();
        var half = Guid.NewGuid();
        await StoreAsync([Tick(up, "A", true, 1, 0), Tick(half, "A", true, 1, 1), Tick(half, "A", false, 1, 2)]);

        var uptime = await new StatsRepository(database.DataSource, TimeProvider.System)
            .GetUptimeAsync([up, half, Guid.NewGuid()], CancellationToken.None);

        Assert.Equal(new UptimeSummary(100, 100, 100), uptime[up]);
        Assert.Equal(new UptimeSummary(50, 50, 50), uptime[half]);
        Assert.Equal(2, uptime.Count);
    }

    private Task<StatsResponse> StatsOf(Guid websiteId, StatsWindow window) =>
        new StatsRepository(database.DataSource, TimeProvider.System).GetStatsAsync(websiteId, window, CancellationToken.None);

    private async Task StoreAsync(IReadOnlyList<TickRow> ticks)
    {
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        foreach (var tick in ticks)
        {
            Assert.True(writer.TryEnqueue(tick));
        }

        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(ticks.Count, counters.TicksStored);
    }

    private static TickRow Tick(Guid websiteId, string location, bool good, double latency, int second) =>
        new(Guid.CreateVersion7(), websiteId, Guid.NewGuid(), _minute.AddSeconds(second), good, latency, good ? null : "HTTP 500",
            _minute.AddSeconds(second), location);
}
