namespace Uptime.Grains.Tests;

public class WebsiteHealthRuleTests
{
    private static readonly DateTime _now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan _freshness = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Each tick is written "G" (good) or "B" (bad) followed by its age in seconds at evaluation time;
    /// a tick older than the 60 s freshness is ignored.
    /// </summary>
    [Theory]
    [InlineData("", WebsiteHealth.Unknown)]
    [InlineData("G0", WebsiteHealth.Up)]
    [InlineData("G0 G30 G59", WebsiteHealth.Up)]
    [InlineData("B0", WebsiteHealth.Down)]
    [InlineData("B5 B10", WebsiteHealth.Down)]
    [InlineData("G0 B0", WebsiteHealth.Degraded)]
    [InlineData("B1 G20 B40", WebsiteHealth.Degraded)]
    [InlineData("G61", WebsiteHealth.Unknown)]
    [InlineData("G61 B3600", WebsiteHealth.Unknown)]
    [InlineData("G61 B0", WebsiteHealth.Down)]
    [InlineData("B61 G0", WebsiteHealth.Up)]
    [InlineData("G60 B0", WebsiteHealth.Degraded)]
    public void Evaluate_LatestTicks_ReturnsExpectedHealth(string ticks, WebsiteHealth expected)
    {
        var latest = ticks
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(tick => Tick(good: tick[0] == 'G', ageSeconds: int.Parse(tick[1..], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        Assert.Equal(expected, WebsiteHealthRule.Evaluate(latest, _now, _freshness));
    }

    private static ValidatorLastTick Tick(bool good, int ageSeconds)
    {
        var receivedAt = _now.AddSeconds(-ageSeconds);
        return new ValidatorLastTick(Guid.NewGuid(), good, 42, receivedAt, good ? null : "HTTP 500", receivedAt);
    }
}
