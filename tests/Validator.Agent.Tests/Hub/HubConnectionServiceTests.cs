using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Uptime.Agent.Hub;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;

namespace Uptime.Agent.Tests.Hub;

public sealed class HubConnectionServiceTests : FakeHubTest
{
    [Fact]
    public async Task ExecuteAsync_Connected_SendsRegisterWithKeyAndLocationFirst()
    {
        var options = AgentHost.OptionsFor(Hub);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();

        var first = await connection.ReceiveAsync();

        var register = Assert.IsType<RegisterMessage>(first);
        Assert.Equal(options.PublicKey, register.PublicKey);
        Assert.Equal("Test Lab", register.Location);
    }

    [Fact]
    public async Task ExecuteAsync_CheckWebsiteWithTwoItems_SendsTwoTickResults()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var up = Guid.NewGuid();
        var down = Guid.NewGuid();
        var before = DateTime.UtcNow;

        await connection.SendAsync(new CheckWebsiteMessage(
            [new WebsiteCheck(up, Target.Url("/ok"), 30), new WebsiteCheck(down, Target.Url("/error"), 30)],
            DateTime.UtcNow));
        var ticks = new[] { await connection.ReceiveAsync<TickResultMessage>(), await connection.ReceiveAsync<TickResultMessage>() }
            .ToDictionary(tick => tick.WebsiteId);

        Assert.Equal(TickStatus.Good, ticks[up].Status);
        Assert.Null(ticks[up].Error);
        Assert.True(ticks[up].Latency > 0);
        Assert.Equal(TickStatus.Bad, ticks[down].Status);
        Assert.Equal("HTTP 500", ticks[down].Error);
        Assert.All(ticks.Values, tick => Assert.InRange(tick.Timestamp, before, DateTime.UtcNow));
    }

    [Fact]
    public async Task ExecuteAsync_FullSession_LogsSpecLines()
    {
        var options = AgentHost.OptionsFor(Hub);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var url = Target.Url("/ok");
        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), url, 30)], DateTime.UtcNow));
        await connection.ReceiveAsync<TickResultMessage>();

        await agent.Logs.WaitForAsync("✅ Checked ");
        var lines = agent.Logs.Entries.Select(entry => entry.Message).ToList();
        Assert.Contains("🚀 Starting Uptime Validator", lines);
        Assert.Contains("📍 Location: Test Lab", lines);
        Assert.Contains($"🔑 Public Key: {options.PublicKey}", lines);
        Assert.Contains($"🔌 Connecting to hub at {Hub.Url}...", lines);
        Assert.Contains("✅ Connected to hub", lines);
        Assert.Contains(lines, line => line.StartsWith("✅ Registration successful (validator ", StringComparison.Ordinal));
        Assert.Contains("📥 Received 1 website(s) to check", lines);
        Assert.Contains(lines, line => line.StartsWith($"✅ Checked {url}: Good (", StringComparison.Ordinal) && line.EndsWith("ms)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_BadCheck_LogsErrorLine()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var url = Target.Url("/error");

        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), url, 30)], DateTime.UtcNow));

        var line = await agent.Logs.WaitForAsync($"❌ Checked {url}: Bad (");
        Assert.EndsWith("ms) - HTTP 500", line.Message);
        Assert.StartsWith("Uptime.Agent.Checks", line.Category);
    }

    [Fact]
    public async Task ExecuteAsync_Registered_SendsHeartbeats()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();

        var first = await connection.ReceiveAsync<HeartbeatMessage>();
        var second = await connection.ReceiveAsync<HeartbeatMessage>();

        Assert.Equal(DateTimeKind.Utc, first.Timestamp.Kind);
        Assert.InRange(second.Timestamp - first.Timestamp, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ExecuteAsync_GarbageUnknownTypeAndError_IgnoresThemAndKeepsWorking()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var websiteId = Guid.NewGuid();

        await connection.SendTextAsync("this is not json");
        await connection.SendTextAsync("""{"type":"SURPRISE","payload":{}}""");
        await connection.SendAsync(new ErrorMessage(ErrorCodes.InvalidMessage, "boom"));
        await connection.SendAsync(new HeartbeatAckMessage(DateTime.UtcNow, 7));
        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(websiteId, Target.Url("/ok"), 30)], DateTime.UtcNow));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Equal(websiteId, tick.WebsiteId);
        Assert.Equal(1, Hub.ConnectionCount);
        var warnings = agent.Logs.Entries.Where(entry => entry.Level == LogLevel.Warning).Select(entry => entry.Message).ToList();
        Assert.Contains(warnings, line => line.StartsWith("⚠️ Ignored a message from the hub: invalid_json", StringComparison.Ordinal));
        Assert.Contains(warnings, line => line.StartsWith("⚠️ Ignored a message from the hub: unknown_type", StringComparison.Ordinal));
        Assert.Contains("⚠️ Hub reported an error: invalid_message - boom", warnings);
        Assert.Contains(agent.Logs.Entries, entry => entry.Level == LogLevel.Debug && entry.Message == "💓 Heartbeat acknowledged (7 active website(s))");
    }

    [Fact]
    public async Task ExecuteAsync_FragmentedMessage_AssemblesIt()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var websiteId = Guid.NewGuid();

        await connection.SendFragmentedAsync(new CheckWebsiteMessage([new WebsiteCheck(websiteId, Target.Url("/ok"), 30)], DateTime.UtcNow), fragments: 5);
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Equal(websiteId, tick.WebsiteId);
    }

    [Fact]
    public async Task ExecuteAsync_HubClosesSocket_ReconnectsAndRegistersAgain()
    {
        var options = AgentHost.OptionsFor(Hub);
        await using var agent = await AgentHost.StartAsync(options);
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();

        await first.CloseAsync();
        var second = await Hub.NextConnectionAsync();
        var register = await second.AcceptRegistrationAsync();

        Assert.Equal(options.PublicKey, register.PublicKey);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await Waits.ForAsync(first.ClosedByAgent, "the agent to answer the close"));
        await agent.Logs.WaitForAsync("⚠️ Disconnected from hub: Hub closed the connection (NormalClosure: bye). Reconnecting in 0.2s");
    }

    [Fact]
    public async Task ExecuteAsync_RegistersAgainAfterChecksCame_SaysWhenTheLastCameAndOnlyThen()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var first = await Hub.NextConnectionAsync();
        Assert.Null((await first.AcceptRegistrationAsync()).LastCheckAt);
        var lastFrame = new DateTime(2026, 12, 7, 8, 0, 5, 250, DateTimeKind.Utc);
        await first.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), Target.Url("/ok"), 30)], lastFrame));
        await first.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), Target.Url("/ok"), 30)], lastFrame.AddSeconds(-3)));
        await first.ReceiveTicksAsync(2);

        first.Abort();
        var second = await Hub.NextConnectionAsync();

        Assert.Equal(lastFrame, (await second.AcceptRegistrationAsync()).LastCheckAt);
    }

    [Fact]
    public async Task ExecuteAsync_HubGoingAway_ReconnectsWithoutTheDelay()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.ReconnectDelay = TimeSpan.FromMinutes(5);
        await using var agent = await AgentHost.StartAsync(options);
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();

        await first.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "hub shutting down");
        var second = await Hub.NextConnectionAsync();

        Assert.Equal(options.PublicKey, (await second.AcceptRegistrationAsync()).PublicKey);
    }

    [Fact]
    public async Task ExecuteAsync_HubAbortsSocket_Reconnects()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();

        first.Abort();
        var second = await Hub.NextConnectionAsync();

        Assert.IsType<RegisterMessage>(await second.ReceiveAsync());
    }

    [Fact]
    public async Task ExecuteAsync_MessageOver1MiB_ClosesAndReconnects()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();

        await first.SendTextAsync(new string('x', HubSession.MaxMessageBytes + 1));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await Waits.ForAsync(first.ClosedByAgent, "the agent to close the connection"));
        var second = await Hub.NextConnectionAsync();
        Assert.IsType<RegisterMessage>(await second.ReceiveAsync());
    }

    [Fact]
    public async Task ExecuteAsync_HubNotListening_LogsFailureAndRetries()
    {
        var stoppedHub = await FakeHub.StartAsync();
        var options = AgentHost.OptionsFor(stoppedHub);
        await stoppedHub.DisposeAsync();
        await using var agent = await AgentHost.StartAsync(options);

        var failure = await agent.Logs.WaitForAsync("⚠️ Could not connect to hub: ");
        await agent.Logs.WaitForCountAsync("🔌 Connecting to hub at ", 2);

        Assert.Contains("Connection refused", failure.Message);
        Assert.EndsWith("Retrying in 0.2s", failure.Message);
    }

    [Fact]
    public async Task StopAsync_Connected_ClosesWithNormalClosure()
    {
        var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();

        await Waits.ForAsync(agent.DisposeAsync().AsTask(), "the agent to stop");

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await Waits.ForAsync(connection.ClosedByAgent, "the agent to close the connection"));
        Assert.Equal(1, Hub.ConnectionCount);
    }
}
