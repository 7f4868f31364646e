using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;

namespace Uptime.Agent.Tests.Checks;

public sealed class CheckWorkersTests : IAsyncLifetime
{
    private FakeHub _hub = null!;
    private TargetServer _target = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _target = await TargetServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task ExecuteAsync_MoreChecksThanLimit_RunsAtMostLimitAtOnce()
    {
        var options = AgentHost.OptionsFor(_hub);
        options.MaxConcurrentChecks = 2;
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await _hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var checks = Enumerable.Range(0, 5).Select(_ => new WebsiteCheck(Guid.NewGuid(), _target.Url("/hold"), 30)).ToList();

        await connection.SendAsync(new CheckWebsiteMessage(checks, DateTime.UtcNow));
        await _target.WaitForHeldAsync(2);
        _target.ReleaseHeld();
        var ticks = new List<TickResultMessage>();
        while (ticks.Count < checks.Count)
        {
            ticks.Add(await connection.ReceiveAsync<TickResultMessage>());
        }

        Assert.Equal(2, _target.MaxHeld);
        Assert.Equal(checks.Select(check => check.WebsiteId).Order(), ticks.Select(tick => tick.WebsiteId).Order());
        Assert.All(ticks, tick => Assert.Equal(TickStatus.Good, tick.Status));
    }

    [Fact]
    public async Task ExecuteAsync_NotRegistered_KeepsTickUntilRegistered()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(_hub));
        var connection = await _hub.NextConnectionAsync();
        Assert.IsType<RegisterMessage>(await connection.ReceiveAsync());
        var websiteId = Guid.NewGuid();

        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(websiteId, _target.Url("/ok"), 30)], DateTime.UtcNow));
        await Waits.UntilAsync(() => agent.Ticks.Snapshot().Produced == 1, "the check to complete");
        var beforeRegistered = await connection.TryReceiveAsync<TickResultMessage>(TimeSpan.FromMilliseconds(300));
        await connection.SendAsync(new RegisteredMessage(Guid.NewGuid(), "Successfully registered", 1));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Null(beforeRegistered);
        Assert.Equal(websiteId, tick.WebsiteId);
    }
}
