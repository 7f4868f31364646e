using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Websites;

public sealed class DashboardCountsTests
{
    private static readonly Dictionary<string, int> _counts = new() { ["Down"] = 1, ["Degraded"] = 0, ["Unknown"] = 3, ["Up"] = 5, ["Paused"] = 1 };

    [Fact]
    public void Reconcile_AWebsiteShownUpWhileItsRowStillSaysUnknown_CountedUp()
    {
        var counts = DashboardCounts.Reconcile(_counts, ["Unknown", "Down"], ["Up", "Down"]);

        Assert.Equal(new Dictionary<string, int> { ["Down"] = 1, ["Degraded"] = 0, ["Unknown"] = 2, ["Up"] = 6, ["Paused"] = 1 }, counts);
    }

    [Fact]
    public void Reconcile_PageAsCounted_CountsUnchanged()
    {
        Assert.Equal(_counts, DashboardCounts.Reconcile(_counts, ["Up", "Paused"], ["Up", "Paused"]));
    }

    [Fact]
    public void Reconcile_AStatusWithNoneCounted_NeverBelowZero()
    {
        var counts = DashboardCounts.Reconcile(_counts, ["Degraded"], ["Up"]);

        Assert.Equal(_counts, counts);
    }
}
