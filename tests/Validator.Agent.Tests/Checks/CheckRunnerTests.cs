using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Testing;

namespace Uptime.Agent.Tests.Checks;

/// <summary>Items of each monitor type, as a hub sends them (<c>type</c> and the <c>check</c> object), run by a whole agent.</summary>
public sealed class CheckRunnerTests : FakeHubTest
{
    [Fact]
    public async Task RunAsync_TcpAndDnsItems_TicksWithTheirOutcomesPhasesAndAddresses()
    {
        await using var tcp = TcpTestServer.Start(async (stream, token) =>
        {
            await TcpTestServer.ReadUntilAsync(stream, "PING\r\n", token);
            await stream.WriteAsync("+PONG\r\n"u8.ToArray(), token);
        });
        await using var dns = DnsTestServer.Start().Add("www.example.test", DnsTestServer.A, "192.0.2.10");
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var pong = new WebsiteCheck(Guid.NewGuid(), tcp.Url, 30, Type: "tcp", Check: """{"send":"PING\r\n","expect":"+PONG","timeoutSeconds":5}""");
        var connectOnly = new WebsiteCheck(Guid.NewGuid(), tcp.Url, 30, Type: "tcp");
        var address = new WebsiteCheck(
            Guid.NewGuid(), "dns://www.example.test", 30, Type: "dns", Check: $$"""{"recordType":"A","server":"{{dns.Server}}","expected":"192.0.2.10"}""");
        var otherAddress = new WebsiteCheck(
            Guid.NewGuid(), "dns://www.example.test", 30, Type: "dns", Check: $$"""{"server":"{{dns.Server}}","expected":"192.0.2.99"}""");

        await connection.SendAsync(new CheckWebsiteMessage([pong, connectOnly, address, otherAddress], DateTime.UtcNow));
        var ticks = (await connection.ReceiveTicksAsync(4)).ToDictionary(tick => tick.WebsiteId);

        Assert.Equal((TickStatus.Good, null), (ticks[pong.WebsiteId].Status, ticks[pong.WebsiteId].Error));
        Assert.Equal($"127.0.0.1:{tcp.Port}", ticks[pong.WebsiteId].Address);
        Assert.NotNull(ticks[pong.WebsiteId].Phases?.FirstByte);
        Assert.Equal((TickStatus.Good, null), (ticks[connectOnly.WebsiteId].Status, ticks[connectOnly.WebsiteId].Error));
        Assert.Equal((TickStatus.Good, null), (ticks[address.WebsiteId].Status, ticks[address.WebsiteId].Error));
        Assert.Equal(dns.Server, ticks[address.WebsiteId].Address);
        Assert.NotNull(ticks[address.WebsiteId].Phases?.Dns);
        Assert.Equal(TickStatus.Bad, ticks[otherAddress.WebsiteId].Status);
        Assert.Equal("Expected \"192.0.2.99\", got [\"192.0.2.10\"]", ticks[otherAddress.WebsiteId].Error);
        Assert.All(ticks.Values, tick => Assert.False(tick.Refused));
    }

    [Fact]
    public async Task RunAsync_CheckObjectTheAgentCannotRead_RefusedTick()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var item = new WebsiteCheck(Guid.NewGuid(), "tcp://127.0.0.1:9", 30, Type: "tcp", Check: """{"expect":"+OK","retries":3}""");

        await connection.SendAsync(new CheckWebsiteMessage([item], DateTime.UtcNow));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Equal((TickStatus.Bad, true), (tick.Status, tick.Refused));
        Assert.StartsWith("Invalid check definition: check", tick.Error);
    }
}
