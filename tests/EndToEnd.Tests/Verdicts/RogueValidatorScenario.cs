using Uptime.Protocol;
using static Uptime.EndToEnd.Tests.Verdicts.ScenarioRegions;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Verdicts;

public sealed partial class VerdictScenarioTests
{
    [Fact]
    public async Task RogueValidator_UnsolicitedBadTicks_EachRefusedWithItsErrorAndVerdictsUnchanged() => await RunRogueScenarioAsync();

    [Fact]
    public async Task RogueValidator_UnsolicitedBadTicks_NoIncident()
    {
        var (websiteId, otherWebsiteId) = await RunRogueScenarioAsync();

        await AssertNoIncidentAsync(websiteId);
        await AssertNoIncidentAsync(otherWebsiteId);
    }

    /// <summary>
    /// Honest validators in three regions keep two healthy websites Up; a registered rogue never answers its checks but sends
    /// Bad ticks the hub did not ask it for. Each gets its precise ERROR (with the tick's id when the tick had one), none is
    /// stored, and through the next round both websites stay Up with no status change. Returns the two websites.
    /// </summary>
    private async Task<(Guid WebsiteId, Guid OtherWebsiteId)> RunRogueScenarioAsync()
    {
        await using var fleet = await ValidatorFleet.OnePerRegionAsync(Hub);
        var beforeRogue = DateTime.UtcNow;
        await using var rogue = await SimulatedValidator.ConnectAsync(Hub, Paris, CheckBehaviours.Silent);
        var websiteId = await CreateUpWebsiteAsync(fleet, Website(Target.NewEndpoint()));
        var otherWebsiteId = await CreateUpWebsiteAsync(fleet, Website(Target.NewEndpoint()));
        var rogueCheck = await rogue.FirstCheckOfAsync(websiteId, _roundTime);
        Assert.True(CheckToken.TryParse(rogueCheck.CheckToken, out var rogueToken), $"the rogue's check carries no checkToken: {rogueCheck}");
        var honestCheck = fleet.All[0].Checks.First(c => c.WebsiteId == websiteId);
        Assert.True(CheckToken.TryParse(honestCheck.CheckToken, out var honestToken), $"the honest check carries no checkToken: {honestCheck}");
        var forgedToken = new CheckToken(rogueToken.DueAt, Guid.NewGuid());
        var now = DateTime.UtcNow;
        var attempts = new (string What, TickResultMessage Tick, string Code, bool NamesTheTick)[]
        {
            ("no checkToken, answering a check due before it registered", Bad(websiteId, beforeRogue.AddSeconds(-2)), ErrorCodes.UnexpectedTick, true),
            ("a checkToken the hub never made", Bad(websiteId, now, forgedToken), ErrorCodes.UnexpectedTick, true),
            ("another validator's checkToken", Bad(websiteId, now, honestToken), ErrorCodes.UnexpectedTick, true),
            ("its own checkToken of one website, for another", Bad(otherWebsiteId, now, rogueToken), ErrorCodes.UnexpectedTick, true),
            ("a website id that names no website", Bad(Guid.NewGuid(), now), ErrorCodes.UnknownWebsite, true),
            ("its own checkToken with a forged tickId", Bad(websiteId, now, rogueToken) with { TickId = Guid.NewGuid() }, ErrorCodes.InvalidField, false),
        };

        foreach (var (what, tick, code, namesTheTick) in attempts)
        {
            await rogue.SendAsync(tick);
            var error = await rogue.NextErrorAsync(TimeSpan.FromSeconds(10));
            Assert.True(
                error.Code == code && error.TickId == (namesTheTick ? tick.TickId : null),
                $"{what}: got {error.Code} for tick {error.TickId} ({error.Message}), expected {code} for {(namesTheTick ? tick.TickId : "no tick")}");
        }

        var attemptsDone = DateTime.UtcNow;
        await fleet.WaitForRoundAsync(websiteId, attemptsDone, _roundTime);
        await fleet.WaitForRoundAsync(otherWebsiteId, attemptsDone, _roundTime);
        Assert.Equal(0, await Hub.Database.TickCountAsync(rogue.Id));
        foreach (var id in new[] { websiteId, otherWebsiteId })
        {
            Assert.Equal("Up", (await Api.VerdictAsync(id)).Status);
            Assert.Equal(["Unknown→Up"], (await Api.StatusChangesAsync(id)).Select(c => $"{c.From}→{c.To}"));
        }

        AssertNoErrors(fleet.All);
        return (websiteId, otherWebsiteId);
    }

    private static TickResultMessage Bad(Guid websiteId, DateTime timestamp, CheckToken? token = null) =>
        new(websiteId, TickStatus.Bad, 1, timestamp, "HTTP 500", token?.TickId ?? Guid.NewGuid(), CheckToken: token?.ToString());
}
