using Uptime.Protocol;
using static Uptime.EndToEnd.Tests.Verdicts.ScenarioRegions;

namespace Uptime.EndToEnd.Tests.Verdicts;

public sealed partial class VerdictScenarioTests
{
    [Fact]
    public async Task RegionWideOutage_EveryValidatorOfOneRegionBad_DegradedNotDownAndNoIncident()
    {
        var cutOff = new WebsiteCutOff();
        var parisBehaviour = CheckBehaviours.FailingWhen(cutOff.Covers);
        await using var fleet = await ValidatorFleet.ConnectAsync(
            Hub, (Paris, parisBehaviour), (Paris, parisBehaviour), (Virginia, CheckBehaviours.RealCheck), (Mumbai, CheckBehaviours.RealCheck));
        var websiteId = await CreateUpWebsiteAsync(fleet, Website(Target.NewEndpoint()));

        var outageStart = DateTime.UtcNow;
        cutOff.Start(websiteId);
        var degraded = await Api.WaitForVerdictAsync(
            websiteId,
            v => v.Status == "Degraded" && v.StatusOf(Paris) == "Down" && v.StatusOf(Virginia) == "Up" && v.StatusOf(Mumbai) == "Up",
            _roundTime,
            "not Degraded with Paris Down and the other regions Up");
        Assert.Contains(Paris, degraded.StatusReason ?? "", StringComparison.Ordinal);
        AssertConfirmedByOtherRegions(fleet, websiteId, outageStart);

        await fleet.WaitForRoundAsync(websiteId, outageStart + TimeSpan.FromSeconds(3 * Interval), TimeSpan.FromSeconds((4 * Interval) + 10));
        Assert.Equal("Degraded", (await Api.VerdictAsync(websiteId)).Status);
        await AssertNeverDownAsync(websiteId);
        await AssertNoIncidentAsync(websiteId);
        AssertNoErrors(fleet.All);
    }

    /// <summary>
    /// The first Bad answer of the cut-off region made the grain ask the other regions at once: each of their validators got a
    /// check of the website off the round (not due when the Bad answer's check was) within a few seconds of that answer.
    /// </summary>
    private void AssertConfirmedByOtherRegions(ValidatorFleet fleet, Guid websiteId, DateTime outageStart)
    {
        var firstBad = fleet.In(Paris).SelectMany(v => v.Sent).Where(t => t.Check.WebsiteId == websiteId && !t.Good && t.SentAt > outageStart).MinBy(t => t.SentAt);
        Assert.True(firstBad is not null, "Paris sent no Bad answer");
        Assert.True(CheckToken.TryParse(firstBad.Check.CheckToken, out var badRound), $"the Bad answer's check had no checkToken: {firstBad.Check}");
        foreach (var validator in fleet.All.Where(v => v.Region != Paris))
        {
            var confirmation = validator.Checks.FirstOrDefault(c =>
                c.WebsiteId == websiteId
                && c.ReceivedAt >= firstBad.SentAt && c.ReceivedAt - firstBad.SentAt <= TimeSpan.FromSeconds(5)
                && CheckToken.TryParse(c.CheckToken, out var token) && token.DueAt != badRound.DueAt);
            Assert.True(
                confirmation is not null,
                $"validator {validator.Id} ({validator.Region}) got no confirmation check within 5 s of Paris's first Bad answer at {firstBad.SentAt:O}: "
                + string.Join(", ", validator.Checks.Where(c => c.WebsiteId == websiteId).Select(c => $"{c.ReceivedAt:HH:mm:ss.fff} (token {c.CheckToken})"))
                + $"; the Bad answer's check was due at {badRound.DueAt:HH:mm:ss.fff}{Hub.Diagnostics}");
        }
    }
}
