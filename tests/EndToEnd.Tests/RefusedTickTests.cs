using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// The demo's trap, end to end: the hub allows a target on 127.0.0.1 that an agent's own SSRF rule refuses. That agent's
/// tick is stored Bad with the refusal and marked refused (no vote); another agent's tick of the same check is a vote.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RefusedTickTests(HubWithTargetFixture fixture) : IClassFixture<HubWithTargetFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task AgentRefusingPrivateTargets_ChecksALoopbackWebsite_TickListedRefusedAndTheOtherAgentsNot()
    {
        await using var strict = AgentProcess.Start(Hub, "EU-West Ireland", new Dictionary<string, string?> { ["ALLOW_PRIVATE_TARGETS"] = "false" });
        await using var lenient = AgentProcess.Start(Hub, "US-East Virginia");
        var strictRow = await Hub.WaitForOnlineAsync(strict.PublicKey, TimeSpan.FromSeconds(30), () => strict.Diagnostics);
        var lenientRow = await Hub.WaitForOnlineAsync(lenient.PublicKey, TimeSpan.FromSeconds(30), () => lenient.Diagnostics);
        var website = (await Hub.CreateWebsiteAsync(fixture.Target.Url("/ok"), interval: 10)).GetProperty("id").GetGuid();

        var ticks = await Eventually.UntilAsync(
            () => ListTicksAsync(website),
            listed => listed.Any(t => t.ValidatorId == strictRow!.Id) && listed.Any(t => t.ValidatorId == lenientRow!.Id),
            TimeSpan.FromSeconds(45),
            listed => $"ticks of both agents not listed ({listed?.Count ?? 0} listed){strict.Diagnostics}{lenient.Diagnostics}{Hub.Diagnostics}");

        var refused = ticks.First(t => t.ValidatorId == strictRow!.Id);
        var vote = ticks.First(t => t.ValidatorId == lenientRow!.Id);
        Assert.Equal(("Bad", "Refused: 127.0.0.1 is a loopback address", true, false), (refused.Status, refused.Error, refused.Refused, refused.Confirmation));
        Assert.Equal(("Good", false), (vote.Status, vote.Refused));
    }

    private async Task<List<ListedTick>> ListTicksAsync(Guid websiteId)
    {
        using var document = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{websiteId}/ticks"));
        return [.. document.RootElement.EnumerateArray().Select(t => new ListedTick(
            t.GetProperty("validatorId").GetGuid(),
            t.GetProperty("status").GetString()!,
            t.GetProperty("error").GetString(),
            t.GetProperty("refused").GetBoolean(),
            t.GetProperty("confirmation").GetBoolean()))];
    }

    private sealed record ListedTick(Guid ValidatorId, string Status, string? Error, bool Refused, bool Confirmation);
}
