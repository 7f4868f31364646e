using Uptime.Grains.Verdicts;

namespace Uptime.Grains.Tests;

public class ConfirmationTargetsTests
{
    private static readonly WebsiteDefinition _website = new(Guid.NewGuid(), "https://example.com/", 30, true);

    [Fact]
    public void Choose_OnePerOtherRegionFirst_NeitherTheReporterNorItsRegion()
    {
        var reporter = V("eu");
        var online = new[] { reporter, V("eu"), V("us"), V("us"), V("ap"), V("ap"), V("sa") };

        var chosen = ConfirmationTargets.Choose(online, _website, "EU", reporter.Id, 3);

        Assert.Equal(3, chosen.Length);
        Assert.Equal(["ap", "sa", "us"], chosen.Select(id => online.Single(v => v.Id == id).Region).Order());
    }

    [Fact]
    public void Choose_FewerRegionsThanAsked_SecondValidatorsOfARegion()
    {
        var reporter = V("eu");
        var online = new[] { reporter, V("us"), V("us"), V("us") };

        Assert.Equal(2, ConfirmationTargets.Choose(online, _website, "eu", reporter.Id, 2).Distinct().Count());
    }

    [Fact]
    public void Choose_ImpairedAndUncoveredValidators_Skipped()
    {
        var reporter = V("eu");
        var online = new[] { reporter, V("us") with { Impaired = true }, V("ap"), V("sa") };

        var chosen = ConfirmationTargets.Choose(online, _website with { Policy = new VerdictPolicy(Regions: ["eu", "us", "sa"]) }, "eu", reporter.Id, 3);

        Assert.Equal([online[3].Id], chosen);
    }

    [Fact]
    public void Choose_NoOtherRegion_Nobody()
    {
        var reporter = V("eu");

        Assert.Empty(ConfirmationTargets.Choose([reporter, V("eu")], _website, "eu", reporter.Id, 3));
    }

    private static RosterValidator V(string region) => new(Guid.NewGuid(), region, Impaired: false);
}
