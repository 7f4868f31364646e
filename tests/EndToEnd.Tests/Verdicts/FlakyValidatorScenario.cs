using static Uptime.EndToEnd.Tests.Verdicts.ScenarioRegions;

namespace Uptime.EndToEnd.Tests.Verdicts;

public sealed partial class VerdictScenarioTests
{
    [Fact]
    public async Task FlakyValidator_HalfItsChecksBadAtRandom_NeverDownAndNoIncidentOverSixRounds()
    {
        await using var fleet = await ValidatorFleet.ConnectAsync(
            Hub, (Paris, CheckBehaviours.Flaky(0.5, seed: 15)), (Virginia, CheckBehaviours.RealCheck), (Mumbai, CheckBehaviours.RealCheck));
        var websiteId = await CreateUpWebsiteAsync(fleet, Website(Target.NewEndpoint()));
        var watchedFrom = DateTime.UtcNow;

        await fleet.WaitForRoundAsync(websiteId, watchedFrom + TimeSpan.FromSeconds(5 * Interval), TimeSpan.FromSeconds((6 * Interval) + 10));

        var flaky = fleet.In(Paris).Single().Sent.Where(t => t.Check.WebsiteId == websiteId).ToList();
        Assert.True(flaky.Any(t => !t.Good) && flaky.Any(t => t.Good), $"the flaky validator answered {string.Join(", ", flaky.Select(t => t.Tick.Status))}: not a mix");
        await AssertNeverDownAsync(websiteId);
        Assert.NotEqual("Down", (await Api.VerdictAsync(websiteId)).Status);
        await AssertNoIncidentAsync(websiteId);
        AssertNoErrors(fleet.All);
    }
}
