namespace Uptime.Grains.Tests;

public sealed class ImpairmentRuleTests
{
    private static readonly DateTime _dueAt = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(2, 2, true, false)]
    [InlineData(3, 2, true, false)]
    [InlineData(2, 1, false, false)]
    [InlineData(4, 2, false, false)]
    [InlineData(3, 0, false, true)]
    [InlineData(0, 0, false, false)]
    public void FailsAndPasses_MoreThanHalfBadFailsAllGoodPassesNothingCountedNeither(int counted, int bad, bool fails, bool passes)
    {
        var round = new CanaryRound(_dueAt, counted, bad);

        Assert.Equal((fails, passes), (ImpairmentRule.Fails(round), ImpairmentRule.Passes(round)));
    }
}
