using Uptime.Hub.Canaries;

namespace Uptime.Hub.Tests.Canaries;

public sealed class CanarySchedulerTests
{
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(10);
    private static readonly DateTime _round = new(2026, 12, 7, 10, 0, 10, DateTimeKind.Utc);

    [Fact]
    public void NextRound_BetweenRounds_TheNextMultipleOfTheInterval()
    {
        Assert.Equal(_round, CanaryScheduler.NextRound(_round.AddSeconds(-7.5), DateTime.MinValue, _interval));
        Assert.Equal(_round.AddSeconds(10), CanaryScheduler.NextRound(_round, DateTime.MinValue, _interval));
    }

    [Fact]
    public void NextRound_WokenAMomentBeforeTheRoundItJustSent_TheRoundAfter()
    {
        Assert.Equal(_round.AddSeconds(10), CanaryScheduler.NextRound(_round.AddMilliseconds(-1), _round, _interval));
    }
}
