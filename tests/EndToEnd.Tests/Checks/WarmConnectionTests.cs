using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Checks;

/// <summary>
/// An HTTPS website whose check asks for a warm connection, checked by a real agent (trusting the site's CA through
/// AGENT_CA_FILE) through a real hub: the first tick opens the connection (not warm, with the TLS phase), the next ones
/// go over it and say warm, without DNS, connect or TLS phases; the phases API reports the warm share.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class WarmConnectionTests(HubWithTargetFixture fixture) : IClassFixture<HubWithTargetFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task AgentChecksAWarmHttpsWebsite_LaterTicksSayWarmWithoutConnectOrTls()
    {
        await using var site = await HttpsTargetSite.StartAsync(TimeSpan.FromDays(20));
        await using var agent = AgentProcess.Start(Hub, "Warm Lab", new Dictionary<string, string?> { ["AGENT_CA_FILE"] = site.CaFile });
        var validator = await Hub.WaitForOnlineAsync(agent.PublicKey, TimeSpan.FromSeconds(30), () => agent.Diagnostics);
        var website = await CreateAsync(new { url = site.Url("/ok"), interval = 10, check = new { connection = "warm" } });

        var ticks = await Eventually.UntilAsync(
            async () =>
            {
                using var listed = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{website}/ticks"));
                return listed.RootElement.Clone();
            },
            listed => listed.EnumerateArray().Count(tick => tick.GetProperty("validatorId").GetGuid() == validator!.Id) >= 2,
            TimeSpan.FromSeconds(60),
            listed => $"fewer than 2 ticks of website {website}: {listed}{agent.Diagnostics}{Hub.Diagnostics}");

        var mine = ticks.EnumerateArray().Where(tick => tick.GetProperty("validatorId").GetGuid() == validator!.Id).Reverse().ToList();
        Assert.All(mine, tick => Assert.Equal(("Good", 200), (tick.GetProperty("status").GetString(), tick.GetProperty("httpStatus").GetInt32())));
        Assert.False(mine[0].GetProperty("warm").GetBoolean());
        Assert.Equal(JsonValueKind.Number, mine[0].GetProperty("phases").GetProperty("tls").ValueKind);
        Assert.True(mine[1].GetProperty("warm").GetBoolean());
        var warmPhases = mine[1].GetProperty("phases");
        Assert.Equal(
            (JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Number),
            (Kind(warmPhases, "dns"), Kind(warmPhases, "connect"), Kind(warmPhases, "tls"), Kind(warmPhases, "firstByte")));

        var phases = await Hub.Http.GetFromJsonAsync<JsonElement>($"api/websites/{website}/phases?window=1h");
        var region = Assert.Single(phases.GetProperty("regions").EnumerateArray(), r => r.GetProperty("region").GetString() == "Warm Lab");
        var share = region.GetProperty("warmShare").GetDouble();
        Assert.True(share is > 0 and < 1, $"warm share {share}");
    }

    private static JsonValueKind Kind(JsonElement phases, string name) =>
        phases.TryGetProperty(name, out var value) ? value.ValueKind : JsonValueKind.Null;

    private async Task<Guid> CreateAsync(object body)
    {
        using var response = await Hub.Http.PostAsJsonAsync("api/websites", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/websites answered {(int)response.StatusCode}: {text}");
        using var created = JsonDocument.Parse(text);
        return created.RootElement.GetProperty("id").GetGuid();
    }
}
