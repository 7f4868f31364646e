using Uptime.Hub.Dispatch;

namespace Uptime.Hub.Tests.Dispatch;

public sealed class WebsiteKeeperTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void IsInShare_EveryWebsiteInExactlyOneShare_SharesEven(int silos)
    {
        var ids = Enumerable.Range(0, 6000).Select(_ => Guid.CreateVersion7()).ToList();

        var sizes = Enumerable.Range(0, silos).Select(silo => ids.Count(id => WebsiteKeeper.IsInShare(id, silo, silos))).ToList();

        Assert.All(ids, id => Assert.Single(Enumerable.Range(0, silos), silo => WebsiteKeeper.IsInShare(id, silo, silos)));
        Assert.All(sizes, size => Assert.InRange(size, ids.Count / silos * 0.85, ids.Count / silos * 1.15));
    }

    [Fact]
    public void IsInShare_SameWebsite_SameShareEverywhere()
    {
        var id = Guid.Parse("0193a5b0-1234-7000-8000-00000000abcd");

        Assert.Equal(
            Enumerable.Range(0, 3).Select(silo => WebsiteKeeper.IsInShare(id, silo, 3)),
            Enumerable.Range(0, 3).Select(silo => WebsiteKeeper.IsInShare(Guid.Parse(id.ToString()), silo, 3)));
    }
}
