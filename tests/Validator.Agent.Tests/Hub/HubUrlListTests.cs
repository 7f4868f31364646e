using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;

namespace Uptime.Agent.Tests.Hub;

public sealed class HubUrlListTests
{
    [Fact]
    public async Task ExecuteAsync_FirstUrlRefuses_ConnectsToSecond()
    {
        var closed = await FakeHub.StartAsync();
        var closedUrl = closed.Url;
        await closed.DisposeAsync();
        await using var hub = await FakeHub.StartAsync();
        var options = AgentHost.OptionsFor(hub);
        options.HubUrl = $"{closedUrl}, {hub.Url}";

        await using var agent = await AgentHost.StartAsync(options);
        var connection = await hub.NextConnectionAsync();
        var register = await connection.AcceptRegistrationAsync();

        Assert.Equal(options.PublicKey, register.PublicKey);
        var lines = agent.Logs.Entries.Select(entry => entry.Message).ToList();
        var firstAttempt = lines.IndexOf($"🔌 Connecting to hub at {closedUrl}...");
        var failure = lines.FindIndex(line => line.StartsWith("⚠️ Could not connect to hub: ", StringComparison.Ordinal));
        var secondAttempt = lines.IndexOf($"🔌 Connecting to hub at {hub.Url}...");
        Assert.True(firstAttempt >= 0 && firstAttempt < failure && failure < secondAttempt, string.Join("\n", lines));
    }

    [Fact]
    public async Task ExecuteAsync_HubDrops_NextAttemptUsesNextUrlWrappingAround()
    {
        await using var first = await FakeHub.StartAsync();
        await using var second = await FakeHub.StartAsync();
        var options = AgentHost.OptionsFor(first);
        options.HubUrl = $"{first.Url},{second.Url}";
        await using var agent = await AgentHost.StartAsync(options);

        var a = await first.NextConnectionAsync();
        await a.AcceptRegistrationAsync();
        await a.CloseAsync();
        var b = await second.NextConnectionAsync();
        await b.AcceptRegistrationAsync();
        await b.CloseAsync();
        var again = await first.NextConnectionAsync();

        Assert.IsType<RegisterMessage>(await again.ReceiveAsync());
        Assert.Equal(2, first.ConnectionCount);
        Assert.Equal(1, second.ConnectionCount);
    }

    [Fact]
    public async Task ExecuteAsync_TicksUnacknowledgedAtFirstHub_AreSentToSecondHub()
    {
        await using var target = await TargetServer.StartAsync();
        await using var first = await FakeHub.StartAsync();
        await using var second = await FakeHub.StartAsync();
        var options = AgentHost.OptionsFor(first);
        options.HubUrl = $"{first.Url},{second.Url}";
        await using var agent = await AgentHost.StartAsync(options);
        var a = await first.NextConnectionAsync();
        await a.AcceptRegistrationAsync();
        await a.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), target.Url("/ok"), 30)], DateTime.UtcNow));
        var tick = await a.ReceiveAsync<TickResultMessage>();

        a.Abort();
        var b = await second.NextConnectionAsync();
        await b.AcceptRegistrationAsync();

        Assert.Equal(tick, await b.ReceiveAsync<TickResultMessage>());
    }
}
