using System.Net;
using System.Net.Http.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>A hub with the production address rule: internal targets refused (ALLOW_PRIVATE_TARGETS unset).</summary>
public sealed class StrictTargetsHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["ALLOW_PRIVATE_TARGETS"] = null,
    };
}

/// <summary>The SSRF rule end to end: the hub's API refuses internal targets, and so does the agent on its own.</summary>
[Collection(HubCollection.Name)]
public sealed class TargetRuleTests(StrictTargetsHubFixture strict, HubWithTargetFixture permissive)
    : IClassFixture<StrictTargetsHubFixture>, IClassFixture<HubWithTargetFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/health")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://[::ffff:10.0.0.1]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://localhost:5432/")]
    [InlineData("https://admin:secret@93.184.216.34/")]
    public async Task Post_InternalOrCredentialTarget_400AndNothingStored(string url)
    {
        var before = await strict.Hub.Database.EnabledWebsiteCountAsync();

        using var response = await strict.Hub.Http.PostAsJsonAsync("api/websites", new { url, interval = 30 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("url is refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await strict.Hub.Database.EnabledWebsiteCountAsync());
    }

    [Fact]
    public async Task Post_PublicLiteralAddress_Created()
    {
        using var response = await strict.Hub.Http.PostAsJsonAsync("api/websites", new { url = "https://93.184.216.34/health", interval = 30 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Agent_WithTheRuleOn_RefusesAnInternalTargetTheHubAccepted()
    {
        var hub = permissive.Hub;
        await using var agent = AgentProcess.Start(hub, "EU-Central Frankfurt", new Dictionary<string, string?> { ["ALLOW_PRIVATE_TARGETS"] = "false" });
        var validator = await hub.WaitForOnlineAsync(agent.PublicKey, TimeSpan.FromSeconds(30), () => agent.Diagnostics);
        var websiteId = (await hub.CreateWebsiteAsync(permissive.Target.Url("/ok"), interval: 10)).GetProperty("id").GetGuid();

        var ticks = await Eventually.UntilAsync(
            () => hub.Database.TicksAsync(websiteId),
            found => found.Any(t => t.ValidatorId == validator!.Id),
            TimeSpan.FromSeconds(45),
            found => $"no tick from the strict agent ({found?.Count ?? 0} from others){agent.Diagnostics}");

        var tick = ticks.First(t => t.ValidatorId == ValidatorIds.FromPublicKey(agent.PublicKey));
        Assert.Equal("Bad", tick.Status);
        Assert.StartsWith("Refused: 127.0.0.1 is a loopback address", tick.Error, StringComparison.Ordinal);
    }
}
