using Uptime.EndToEnd.Tests.Infrastructure;
using static Uptime.EndToEnd.Tests.Verdicts.ScenarioRegions;

namespace Uptime.EndToEnd.Tests.Verdicts;

public sealed partial class VerdictScenarioTests
{
    /// <summary>
    /// How long the hub may take to find a validator whose every check and canary fails impaired: two failing canary rounds
    /// (10 s apart), each judged when the round after the next begins, so about 40 s alone; a fresh-clone run of the whole
    /// suite, this shared hub carrying every earlier scenario's websites, once took longer than 90 s.
    /// </summary>
    private static readonly TimeSpan _impairedWithin = TimeSpan.FromSeconds(150);

    /// <summary>The hub's default HUB_ROSTER_REFRESH_SECONDS.</summary>
    private static readonly TimeSpan _rosterRefresh = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ValidatorWithDeadNetwork_ImpairedAndNoVote_NeverDownAndNoIncident()
    {
        await using var fleet = await ValidatorFleet.ConnectAsync(
            Hub,
            (Paris, CheckBehaviours.NetworkDead()),
            (Paris, CheckBehaviours.RealCheck),
            (Virginia, CheckBehaviours.RealCheck),
            (Mumbai, CheckBehaviours.RealCheck));
        var dead = fleet.All[0];
        var websiteId = await Api.CreateWebsiteAsync(Website(Target.NewEndpoint()));

        await Eventually.UntilAsync(
            () => Api.ValidatorAsync(dead.Id),
            row => row.GetProperty("impaired").GetBoolean(),
            _impairedWithin,
            row => $"validator {dead.Id}, whose every check fails, is not impaired: {row}{Hub.Diagnostics}");
        // The website grains learn of the impairment from the silo's roster, read from PostgreSQL every 5 s
        // (HUB_ROSTER_REFRESH_SECONDS): the round to judge is one that starts after the roster surely knows.
        var knownToTheRosterAt = DateTime.UtcNow + _rosterRefresh;
        await fleet.WaitForRoundAsync(websiteId, knownToTheRosterAt, _roundTime + _rosterRefresh);

        Assert.Contains(dead.Sent, t => t.Check.WebsiteId == websiteId && !t.Good);
        var verdict = await Api.WaitForStatusAsync(websiteId, "Up", TimeSpan.FromSeconds(5));
        Assert.Equal("Up", verdict.StatusOf(Paris));
        await AssertNeverDownAsync(websiteId);
        await AssertNoIncidentAsync(websiteId);
    }
}
