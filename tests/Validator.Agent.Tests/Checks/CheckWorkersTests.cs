using Microsoft.Extensions.Logging;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Tests.Checks;

public sealed class CheckWorkersTests : FakeHubTest
{
    [Fact]
    public async Task ExecuteAsync_MoreChecksThanLimit_RunsAtMostLimitAtOnce()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.MaxConcurrentChecks = 2;
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var checks = Enumerable.Range(0, 5).Select(_ => new WebsiteCheck(Guid.NewGuid(), Target.Url("/hold"), 30)).ToList();

        await connection.SendAsync(new CheckWebsiteMessage(checks, DateTime.UtcNow));
        await Target.WaitForHeldAsync(2);
        Target.ReleaseHeld();
        var ticks = new List<TickResultMessage>();
        while (ticks.Count < checks.Count)
        {
            ticks.Add(await connection.ReceiveAsync<TickResultMessage>());
        }

        Assert.Equal(2, Target.MaxHeld);
        Assert.Equal(checks.Select(check => check.WebsiteId).Order(), ticks.Select(tick => tick.WebsiteId).Order());
        Assert.All(ticks, tick => Assert.Equal(TickStatus.Good, tick.Status));
    }

    [Fact]
    public async Task ExecuteAsync_ChecksOfOneHostOverItsCap_RunCapAtOnceWithoutHoldingUpOtherHosts()
    {
        await using var other = await TargetServer.StartAsync();
        var options = AgentHost.OptionsFor(Hub);
        options.MaxConcurrentChecks = 8;
        options.MaxChecksPerHost = 2;
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var held = Enumerable.Range(0, 8).Select(_ => new WebsiteCheck(Guid.NewGuid(), Target.Url("/hold"), 30)).ToList();
        var elsewhere = new WebsiteCheck(Guid.NewGuid(), other.Url("/ok"), 30);

        await connection.SendAsync(new CheckWebsiteMessage([.. held, elsewhere], DateTime.UtcNow));
        await Target.WaitForHeldAsync(2);
        var first = await connection.ReceiveAsync<TickResultMessage>();
        Target.ReleaseHeld();
        var rest = await connection.ReceiveTicksAsync(held.Count);

        Assert.Equal(elsewhere.WebsiteId, first.WebsiteId);
        Assert.Equal(2, Target.MaxHeld);
        Assert.Equal(held.Select(check => check.WebsiteId).Order(), rest.Select(tick => tick.WebsiteId).Order());
        var waits = agent.Logs.Entries.Where(entry => entry.Message.Contains("for one of its host's 2 check slot(s)", StringComparison.Ordinal)).ToList();
        Assert.Equal(held.Count - 2, waits.Count);
        Assert.All(waits, entry => Assert.Equal(LogLevel.Debug, entry.Level));
    }

    [Fact]
    public async Task ExecuteAsync_NotRegistered_KeepsTickUntilRegistered()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        Assert.IsType<RegisterMessage>(await connection.ReceiveAsync());
        var websiteId = Guid.NewGuid();

        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(websiteId, Target.Url("/ok"), 30)], DateTime.UtcNow));
        await Waits.UntilAsync(() => agent.Ticks.Snapshot().Produced == 1, "the check to complete");
        var beforeRegistered = await connection.TryReceiveAsync<TickResultMessage>(TimeSpan.FromMilliseconds(300));
        await connection.SendAsync(new RegisteredMessage(Guid.NewGuid(), "Successfully registered", 1));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Null(beforeRegistered);
        Assert.Equal(websiteId, tick.WebsiteId);
    }

    [Fact]
    public async Task ExecuteAsync_TargetItsPolicyRefuses_BadTickMarkedRefusedAndSignedOverTheMark()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.AllowPrivateTargets = false;
        Hub.RequireSignedTicks = true;
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var websiteId = Guid.NewGuid();

        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(websiteId, Target.Url("/ok"), 30)], DateTime.UtcNow));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Equal((websiteId, TickStatus.Bad, true), (tick.WebsiteId, tick.Status, tick.Refused));
        Assert.StartsWith("Refused: 127.0.0.1 is a loopback address", tick.Error, StringComparison.Ordinal);
        var text = SignedTexts.Tick(tick.WebsiteId, "Bad", tick.Latency, tick.Timestamp, tick.Error, tick.TickId, refused: true);
        Assert.True(PersonalSign.TryRecover(text, tick.Signature!, out var signer, out var error), error);
        Assert.Equal(options.Key!.Address, signer.Address);
        Assert.Empty(Target.Requests);
    }
}
