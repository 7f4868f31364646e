using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Uptime.Agent.Tests.Infrastructure;

namespace Uptime.Agent.Tests.Hub;

public sealed class SilentHubTests
{
    private static readonly TimeSpan _silenceTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ExecuteAsync_HubStopsAnswering_DropsConnectionWithinBoundAndConnectsToNextUrl()
    {
        await using var hub = await FakeHub.StartAsync();
        await using var proxy = new FreezableProxy(hub.Url);
        var options = AgentHost.OptionsFor(hub);
        options.HubUrl = $"{proxy.Url},{hub.Url}";
        options.HeartbeatInterval = TimeSpan.FromSeconds(30);
        options.HubSilenceTimeout = _silenceTimeout;
        await using var agent = await AgentHost.StartAsync(options);
        var frozen = await hub.NextConnectionAsync();
        await frozen.AcceptRegistrationAsync();
        await agent.Logs.WaitForAsync("✅ Registration successful");

        var freeze = Stopwatch.StartNew();
        proxy.Freeze();
        var silent = await agent.Logs.WaitForAsync("⚠️ Hub silent");
        var noticedAfter = freeze.Elapsed;
        var next = await hub.NextConnectionAsync();
        await next.AcceptRegistrationAsync();

        Assert.InRange(noticedAfter, _silenceTimeout * 0.5, _silenceTimeout * 2);
        Assert.Equal(LogLevel.Warning, silent.Level);
        var lines = agent.Logs.Entries.Select(entry => entry.Message).ToList();
        Assert.True(lines.FindLastIndex(line => line == $"🔌 Connecting to hub at {hub.Url}...") > lines.IndexOf(silent.Message), string.Join("\n", lines));
    }

    [Fact]
    public async Task ExecuteAsync_HubConnectionDrops_ReportsDisconnectNotSilence()
    {
        await using var hub = await FakeHub.StartAsync();
        var options = AgentHost.OptionsFor(hub);
        options.HubSilenceTimeout = _silenceTimeout;
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();

        connection.Abort();
        await agent.Logs.WaitForAsync("⚠️ Disconnected from hub");

        Assert.DoesNotContain(agent.Logs.Entries, entry => entry.Message.StartsWith("⚠️ Hub silent", StringComparison.Ordinal));
    }
}
