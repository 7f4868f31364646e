namespace Uptime.Grains.Tests;

public sealed class CheckItemTests
{
    private static readonly DateTime _slot = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(30, 0, false)]
    [InlineData(30, 14.999, false)]
    [InlineData(30, 15, false)]
    [InlineData(30, 15.001, true)]
    [InlineData(10, 5.001, true)]
    [InlineData(10, -1, false)]
    [InlineData(86400, 43199, false)]
    [InlineData(86400, 43201, true)]
    public void IsStaleAt_MoreThanHalfAnIntervalPastTheSlot(int intervalSeconds, double secondsAfterSlot, bool stale)
    {
        var check = new CheckItem(Guid.NewGuid(), "https://example.com/", intervalSeconds, _slot);

        Assert.Equal(stale, check.IsStaleAt(_slot.AddSeconds(secondsAfterSlot)));
    }
}
