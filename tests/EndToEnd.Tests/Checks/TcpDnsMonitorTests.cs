using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Checks;

/// <summary>
/// TCP and DNS monitors end to end: saved through the REST API, sent by the hub to a real agent, checked against a TCP
/// listener and a DNS server in this process (both on 127.0.0.1), and their ticks stored and served with what the check saw.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class TcpDnsMonitorTests(HubWithTargetFixture fixture) : IClassFixture<HubWithTargetFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task AgentChecksTcpAndDnsMonitors_TicksServedWithTheirOutcomesPhasesAndAddresses()
    {
        await using var redis = TcpTestServer.Start(async (stream, token) =>
        {
            await TcpTestServer.ReadUntilAsync(stream, "PING\r\n", token);
            await stream.WriteAsync("+PONG\r\n"u8.ToArray(), token);
        });
        await using var dns = DnsTestServer.Start().Add("www.example.test", DnsTestServer.A, "192.0.2.10");
        await using var agent = AgentProcess.Start(Hub, "EU-West Ireland");
        var validator = await Hub.WaitForOnlineAsync(agent.PublicKey, TimeSpan.FromSeconds(30), () => agent.Diagnostics);
        var pong = await CreateAsync(new
        {
            type = "tcp",
            url = redis.Url,
            interval = 10,
            check = new { send = "PING\r\n", expect = "+PONG", timeoutSeconds = 5 },
        });
        var address = await CreateAsync(new
        {
            type = "dns",
            url = "dns://www.example.test",
            interval = 10,
            check = new { recordType = "A", server = dns.Server, expected = "192.0.2.99" },
        });

        var pongTick = await FirstTickAsync(pong, validator!.Id, agent);
        var addressTick = await FirstTickAsync(address, validator.Id, agent);

        Assert.Equal(("Good", null), (Text(pongTick, "status"), Text(pongTick, "error")));
        Assert.Equal($"127.0.0.1:{redis.Port}", Text(pongTick, "address"));
        Assert.Equal(JsonValueKind.Number, pongTick.GetProperty("phases").GetProperty("connect").ValueKind);
        Assert.Equal(("Bad", "Expected \"192.0.2.99\", got [\"192.0.2.10\"]"), (Text(addressTick, "status"), Text(addressTick, "error")));
        Assert.Equal(dns.Server, Text(addressTick, "address"));
        Assert.Equal(JsonValueKind.Number, addressTick.GetProperty("phases").GetProperty("dns").ValueKind);
    }

    private static string? Text(JsonElement tick, string name) => tick.GetProperty(name).GetString();

    private async Task<JsonElement> FirstTickAsync(Guid websiteId, Guid validatorId, AgentProcess agent)
    {
        var ticks = await Eventually.UntilAsync(
            async () =>
            {
                using var listed = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{websiteId}/ticks"));
                return listed.RootElement.Clone();
            },
            listed => listed.EnumerateArray().Any(tick => tick.GetProperty("validatorId").GetGuid() == validatorId),
            TimeSpan.FromSeconds(45),
            listed => $"no tick of website {websiteId} listed{agent.Diagnostics}{Hub.Diagnostics}");
        return ticks.EnumerateArray().First(tick => tick.GetProperty("validatorId").GetGuid() == validatorId);
    }

    private async Task<Guid> CreateAsync(object body)
    {
        using var response = await Hub.Http.PostAsJsonAsync("api/websites", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/websites answered {(int)response.StatusCode}: {text}");
        using var created = JsonDocument.Parse(text);
        return created.RootElement.GetProperty("id").GetGuid();
    }
}
