using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// The whole system over real sockets: a hub process, validator agent processes and a local HTTP target; every
/// check outcome must land in PostgreSQL with the right status and error.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class TickOutcomeTests(HubWithTargetFixture fixture) : IClassFixture<HubWithTargetFixture>
{
    private static readonly TimeSpan _registrationTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _tickDeadline = TimeSpan.FromSeconds(45);

    private HubProcess Hub => fixture.Hub;

    private TargetSite Target => fixture.Target;

    [Fact]
    public async Task Agent_ChecksOkErrorRefusedAndSlowWebsites_StoresGoodHttp500RefusedAndTimeoutTicks()
    {
        await using var agent = AgentProcess.Start(Hub, "US-East Virginia");
        var validator = await Hub.WaitForOnlineAsync(agent.PublicKey, _registrationTimeout, () => agent.Diagnostics);

        Assert.Equal(ValidatorIds.FromPublicKey(agent.PublicKey), validator!.Id);
        Assert.Equal(agent.PublicKey, validator.PublicKey);
        Assert.Equal("US-East Virginia", validator.Location);
        Assert.Equal("127.0.0.1", validator.IpAddress);

        var ok = await CreateAsync(Target.Url("/ok"));
        var error = await CreateAsync(Target.Url("/error"));
        var refused = await CreateAsync(Target.RefusedUrl);
        var slow = await CreateAsync(Target.Url("/slow"));

        var okTick = await FirstTickAsync(ok, validator.Id, agent);
        var errorTick = await FirstTickAsync(error, validator.Id, agent);
        var refusedTick = await FirstTickAsync(refused, validator.Id, agent);
        var slowTick = await FirstTickAsync(slow, validator.Id, agent);

        Assert.Equal(("Good", null), (okTick.Status, okTick.Error));
        Assert.True(okTick.Latency > 0, $"latency of a Good tick must be positive, was {okTick.Latency}");

        Assert.Equal(("Bad", "HTTP 500"), (errorTick.Status, errorTick.Error));
        Assert.True(errorTick.Latency > 0, $"latency of an HTTP 500 tick must be positive, was {errorTick.Latency}");

        Assert.Equal("Bad", refusedTick.Status);
        Assert.Contains("refused", refusedTick.Error ?? "", StringComparison.OrdinalIgnoreCase);

        Assert.Equal(("Bad", "Timeout after 10000 ms"), (slowTick.Status, slowTick.Error));
        Assert.InRange(slowTick.Latency, 9_500, TargetSite.SlowDelay.TotalMilliseconds);

        var stored = await Hub.Database.ValidatorAsync(agent.PublicKey);
        Assert.True(stored is { Online: true }, $"validator row after the checks: {stored}");
    }

    [Fact]
    public async Task TwoAgents_InTwoLocations_BothCheckEveryWebsite()
    {
        await using var east = AgentProcess.Start(Hub, "US-East Virginia");
        await using var west = AgentProcess.Start(Hub, "EU-West Ireland");
        var eastRow = await Hub.WaitForOnlineAsync(east.PublicKey, _registrationTimeout, () => east.Diagnostics);
        var westRow = await Hub.WaitForOnlineAsync(west.PublicKey, _registrationTimeout, () => west.Diagnostics);
        Assert.Equal(("US-East Virginia", "EU-West Ireland"), (eastRow!.Location, westRow!.Location));
        Assert.NotEqual(eastRow.Id, westRow.Id);

        var ok = await CreateAsync(Target.Url("/ok"));
        var error = await CreateAsync(Target.Url("/error"));

        foreach (var (agent, row) in new[] { (east, eastRow), (west, westRow) })
        {
            var okTick = await FirstTickAsync(ok, row.Id, agent);
            var errorTick = await FirstTickAsync(error, row.Id, agent);
            Assert.Equal("Good", okTick.Status);
            Assert.Equal(("Bad", "HTTP 500"), (errorTick.Status, errorTick.Error));
        }

        // The live aggregate behind GET /api/websites/{id} has the latest tick of each validator.
        using var response = await Hub.Http.GetAsync($"api/websites/{ok}");
        using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var validators = view.RootElement.GetProperty("validators").EnumerateArray()
            .Select(v => (Id: v.GetProperty("validatorId").GetGuid(), Status: v.GetProperty("status").GetString() ?? ""))
            .OrderBy(v => v.Id)
            .ToArray();
        Assert.Equal(new[] { (Id: eastRow.Id, Status: "Good"), (Id: westRow.Id, Status: "Good") }.OrderBy(v => v.Id), validators);
        Assert.Equal("Up", view.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Agent_ProcessKilled_ValidatorMarkedOffline()
    {
        await using var agent = AgentProcess.Start(Hub, "AP-South Mumbai");
        await Hub.WaitForOnlineAsync(agent.PublicKey, _registrationTimeout, () => agent.Diagnostics);

        await agent.KillAsync();

        await Eventually.UntilAsync(
            () => Hub.Database.ValidatorAsync(agent.PublicKey),
            row => row is { Online: false },
            TimeSpan.FromSeconds(15),
            row => $"the killed agent's validator is still online: {row}{Hub.Diagnostics}");
    }

    private async Task<Guid> CreateAsync(string url) =>
        (await Hub.CreateWebsiteAsync(url, interval: 10)).GetProperty("id").GetGuid();

    private async Task<StoredTick> FirstTickAsync(Guid websiteId, Guid validatorId, AgentProcess agent)
    {
        var ticks = await Eventually.UntilAsync(
            () => Hub.Database.TicksAsync(websiteId),
            found => found.Any(t => t.ValidatorId == validatorId),
            _tickDeadline,
            found => $"no tick of website {websiteId} from validator {validatorId} in website_ticks "
                + $"({found?.Count ?? 0} from others){agent.Diagnostics}{Hub.Diagnostics}");
        return ticks.First(t => t.ValidatorId == validatorId);
    }
}
