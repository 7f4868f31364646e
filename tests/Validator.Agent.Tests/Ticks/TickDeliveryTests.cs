using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;

namespace Uptime.Agent.Tests.Ticks;

public sealed class TickDeliveryTests : FakeHubTest
{
    [Fact]
    public async Task Report_SeveralChecks_EveryTickResultCarriesDistinctVersion7TickId()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();

        await connection.SendAsync(Checks(5, "/ok"));
        var ticks = await connection.ReceiveTicksAsync(5);

        var ids = ticks.Select(tick => Assert.NotNull(tick.TickId)).ToList();
        Assert.Equal(5, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
    }

    [Fact]
    public async Task Report_CheckWithToken_TickEchoesTheTokenWithItsTickId()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        var token = new CheckToken(DateTime.UtcNow, Guid.Parse("0193a5b0-0000-8000-8000-0000000000c1"));

        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), Target.Url("/ok"), 30, token.ToString())], DateTime.UtcNow));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Equal((token.ToString(), token.TickId), (tick.CheckToken, tick.TickId));
    }

    [Fact]
    public async Task Handle_ErrorNamingATick_DropsItAndCountsItRefused()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        await first.SendAsync(Checks(2, "/ok"));
        var sent = await first.ReceiveTicksAsync(2);

        await first.SendAsync(new ErrorMessage(ErrorCodes.UnexpectedTick, "no open check", sent[0].TickId));
        await Waits.UntilAsync(() => agent.Ticks.Snapshot().Refused == 1, "the agent to drop the refused tick");
        await first.CloseAsync();
        var second = await Hub.NextConnectionAsync();
        await second.AcceptRegistrationAsync();
        var resent = await second.ReceiveAsync<TickResultMessage>();

        Assert.Equal(sent[1].TickId, resent.TickId);
        var counters = agent.Ticks.Snapshot();
        Assert.Equal((2L, 1L, 1), (counters.Produced, counters.Refused, counters.Pending));
    }

    [Fact]
    public async Task Reconnect_NoTickAck_SendsTheSameTickIdsAgainInOrder()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        await first.SendAsync(Checks(3, "/ok"));
        var sent = await first.ReceiveTicksAsync(3);

        await first.CloseAsync();
        var second = await Hub.NextConnectionAsync();
        await second.AcceptRegistrationAsync();
        var resent = await second.ReceiveTicksAsync(3);

        Assert.Equal(sent.Select(tick => tick.TickId), resent.Select(tick => tick.TickId));
        Assert.Equal(sent, resent);
        var counters = agent.Ticks.Snapshot();
        Assert.Equal(3, counters.Produced);
        Assert.Equal(6, counters.Sent);
        Assert.Equal(3, counters.Resent);
        Assert.Equal(3, counters.Pending);
    }

    [Fact]
    public async Task Reconnect_AfterTickAck_DoesNotSendAcknowledgedTicksAgain()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        await first.SendAsync(Checks(3, "/ok"));
        var sent = await first.ReceiveTicksAsync(3);

        await first.SendAsync(new TickAckMessage([sent[0].TickId!.Value, sent[2].TickId!.Value]));
        await Waits.UntilAsync(() => agent.Ticks.Snapshot().Acknowledged == 2, "the agent to process the TICK_ACK");
        await first.CloseAsync();
        var second = await Hub.NextConnectionAsync();
        await second.AcceptRegistrationAsync();
        var resent = await second.ReceiveAsync<TickResultMessage>();
        await second.SendAsync(Checks(1, "/ok"));
        var fresh = await second.ReceiveAsync<TickResultMessage>();

        Assert.Equal(sent[1].TickId, resent.TickId);
        Assert.DoesNotContain(fresh.TickId, sent.Select(tick => tick.TickId));
        Assert.Equal(2, agent.Ticks.Snapshot().Pending);
    }

    [Fact]
    public async Task Report_TickProducedWhileDisconnected_ArrivesAfterReconnect()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        var websiteId = Guid.NewGuid();
        await first.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(websiteId, Target.Url("/hold"), 30)], DateTime.UtcNow));
        await Target.WaitForHeldAsync(1);

        first.Abort();
        var second = await Hub.NextConnectionAsync();
        Assert.IsType<RegisterMessage>(await second.ReceiveAsync());
        Target.ReleaseHeld();
        await Waits.UntilAsync(() => agent.Ticks.Snapshot().Produced == 1, "the check to complete while not registered");
        await second.SendAsync(new RegisteredMessage(Guid.NewGuid(), "Successfully registered", 1));
        var tick = await second.ReceiveAsync<TickResultMessage>();

        Assert.Equal(websiteId, tick.WebsiteId);
        Assert.NotNull(tick.TickId);
        Assert.Equal(1, agent.Ticks.Snapshot().Sent);
    }

    [Fact]
    public async Task Report_BufferBoundExceededWhileNotRegistered_DropsOldestAndCountsIt()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.MaxUnackedTicks = 2;
        options.MaxConcurrentChecks = 1;
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        Assert.IsType<RegisterMessage>(await connection.ReceiveAsync());
        var checks = Checks(3, "/ok");

        await connection.SendAsync(checks);
        await Waits.UntilAsync(() => agent.Ticks.Snapshot().Produced == 3, "three ticks to be produced");
        await connection.SendAsync(new RegisteredMessage(Guid.NewGuid(), "Successfully registered", 1));
        var ticks = await connection.ReceiveTicksAsync(2);

        Assert.Equal(checks.Websites.Skip(1).Select(check => check.WebsiteId), ticks.Select(tick => tick.WebsiteId));
        Assert.Equal(1, agent.Ticks.Snapshot().Dropped);
        Assert.Equal(2, agent.Ticks.Snapshot().Pending);
        Assert.Contains(agent.Logs.Entries, entry => entry.Level == LogLevel.Warning
            && entry.Message == "⚠️ Unacknowledged tick buffer full (2): dropping the oldest ticks (1 dropped so far)");
    }

    [Fact]
    public async Task Handle_TickAckWithUnknownAndRepeatedIds_IgnoresThemAndKeepsWorking()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        await connection.SendAsync(Checks(1, "/ok"));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        await connection.SendAsync(new TickAckMessage([Guid.NewGuid(), tick.TickId!.Value, Guid.NewGuid()]));
        await connection.SendAsync(new TickAckMessage([tick.TickId!.Value]));
        await connection.SendAsync(new TickAckMessage([]));
        await connection.SendAsync(new TickAckMessage([Guid.NewGuid()]));
        await connection.SendAsync(Checks(1, "/ok"));
        var next = await connection.ReceiveAsync<TickResultMessage>();

        Assert.NotEqual(tick.TickId, next.TickId);
        Assert.Equal(1, Hub.ConnectionCount);
        var counters = agent.Ticks.Snapshot();
        Assert.Equal(1, counters.Acknowledged);
        Assert.Equal(1, counters.Pending);
        Assert.DoesNotContain(agent.Logs.Entries, entry => entry.Level >= LogLevel.Warning && !entry.Message.Contains("ALLOW_PRIVATE_TARGETS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_AckTimeoutPassed_SendsTheTickAgainOnTheSameConnection()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.TickAckTimeout = TimeSpan.FromSeconds(1);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        await connection.SendAsync(Checks(1, "/ok"));

        var tick = await connection.ReceiveAsync<TickResultMessage>();
        var stopwatch = Stopwatch.StartNew();
        var again = await connection.ReceiveAsync<TickResultMessage>();
        var elapsed = stopwatch.Elapsed;
        await connection.SendAsync(new TickAckMessage([tick.TickId!.Value]));
        await Waits.UntilAsync(() => agent.Ticks.Snapshot().Pending == 0, "the agent to process the TICK_ACK");
        var afterAck = await connection.TryReceiveAsync<TickResultMessage>(TimeSpan.FromSeconds(2.5));

        Assert.Equal(tick, again);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(5));
        Assert.Null(afterAck);
        Assert.Equal(1, Hub.ConnectionCount);
        Assert.Equal(1, agent.Ticks.Snapshot().Resent);
    }

    [Fact]
    public async Task TickLog_TicksSent_LinesAreInTheFileBeforeTheHubGetsThem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"agent-ticks-{Guid.NewGuid():N}.log");
        try
        {
            var options = AgentHost.OptionsFor(Hub);
            options.TickLogPath = path;
            await using var agent = await AgentHost.StartAsync(options);
            var connection = await Hub.NextConnectionAsync();
            await connection.AcceptRegistrationAsync();
            await connection.SendAsync(new CheckWebsiteMessage(
                [
                    new WebsiteCheck(Guid.NewGuid(), Target.Url("/ok"), 30),
                    new WebsiteCheck(Guid.NewGuid(), Target.Url("/error"), 30),
                    new WebsiteCheck(Guid.NewGuid(), Target.Url("/moved"), 30),
                ],
                DateTime.UtcNow));
            var ticks = await connection.ReceiveTicksAsync(3);
            var expected = ticks.Select(tick => $"{tick.TickId} {tick.WebsiteId} {tick.Status} {tick.Timestamp:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}").Order().ToList();

            var flushed = ReadLines(path).Order().ToList();
            await connection.SendAsync(Checks(1, "/ok"));
            var last = await connection.ReceiveAsync<TickResultMessage>();
            await agent.StopAsync();
            var final = ReadLines(path);

            Assert.Equal(expected, flushed);
            Assert.Equal(4, final.Count);
            Assert.Equal($"{last.TickId} {last.WebsiteId} Good {last.Timestamp:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}", final[^1]);
            Assert.StartsWith($"{ticks.Single(tick => tick.Status == TickStatus.Bad).TickId} ", final.Single(line => line.Contains(" Bad ", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TickLog_TickNotSent_LineIsFlushedWithinAboutASecond()
    {
        var path = Path.Combine(Path.GetTempPath(), $"agent-ticks-{Guid.NewGuid():N}.log");
        try
        {
            var options = AgentHost.OptionsFor(Hub);
            options.TickLogPath = path;
            await using var agent = await AgentHost.StartAsync(options);
            var connection = await Hub.NextConnectionAsync();
            Assert.IsType<RegisterMessage>(await connection.ReceiveAsync());
            var websiteId = Guid.NewGuid();

            await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(websiteId, Target.Url("/error"), 30)], DateTime.UtcNow));
            await Waits.UntilAsync(() => agent.Ticks.Snapshot().Produced == 1, "the check to complete");
            var produced = Stopwatch.StartNew();
            await Waits.UntilAsync(() => ReadLines(path).Count == 1, "the tick log to be flushed");

            Assert.InRange(produced.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.Matches($"^[0-9a-f-]{{36}} {websiteId} Bad [0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9:.]{{12}}Z$", ReadLines(path)[0]);
            Assert.Equal(0, agent.Ticks.Snapshot().Sent);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task StatsService_IntervalPassed_LogsCountersAndFinalCountsAtStop()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.StatsInterval = TimeSpan.FromMilliseconds(200);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        await connection.SendAsync(Checks(2, "/ok"));
        var ticks = await connection.ReceiveTicksAsync(2);

        await connection.SendAsync(new TickAckMessage([ticks[0].TickId!.Value]));
        await agent.Logs.WaitForAsync("📊 Ticks produced 2, acknowledged 1, pending 1, re-sent 0, dropped 0, refused 0");
        await agent.StopAsync();

        Assert.Contains(agent.Logs.Entries, entry => entry.Level == LogLevel.Information
            && entry.Message == "📊 Final tick counts: produced 2, sent 2, acknowledged 1, pending 1, re-sent 0, dropped 0, refused 0");
        Assert.Contains("⚠️ Stopping with 1 unacknowledged tick(s)", agent.Logs.Entries.Select(entry => entry.Message));
    }

    [Fact]
    public async Task StopAsync_PendingTicks_WaitsForTickAckBeforeClosing()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.ShutdownDrainTimeout = TimeSpan.FromSeconds(10);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        await connection.SendAsync(Checks(1, "/ok"));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        var stopwatch = Stopwatch.StartNew();
        var stopping = agent.StopAsync();
        await agent.Logs.WaitForAsync("⏳ Waiting up to 10s for the hub to acknowledge 1 tick(s)");
        Assert.False(connection.ClosedByAgent.IsCompleted);
        await connection.SendAsync(new TickAckMessage([tick.TickId!.Value]));
        await Waits.ForAsync(stopping, "the agent to stop");

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await Waits.ForAsync(connection.ClosedByAgent, "the agent to close the connection"));
        Assert.Contains("📊 Final tick counts: produced 1, sent 1, acknowledged 1, pending 0, re-sent 0, dropped 0, refused 0", agent.Logs.Entries.Select(entry => entry.Message));
    }

    [Fact]
    public async Task StopAsync_ConnectionDropsWhileWaitingForTickAck_ReconnectsAndSendsTheTickAgain()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.ShutdownDrainTimeout = TimeSpan.FromSeconds(10);
        await using var agent = await AgentHost.StartAsync(options);
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        await first.SendAsync(Checks(1, "/ok"));
        var tick = await first.ReceiveAsync<TickResultMessage>();

        var stopping = agent.StopAsync();
        await agent.Logs.WaitForAsync("⏳ Waiting up to 10s for the hub to acknowledge 1 tick(s)");
        await first.CloseAsync();
        var second = await Hub.NextConnectionAsync();
        await second.AcceptRegistrationAsync();
        var resent = await second.ReceiveAsync<TickResultMessage>();
        await second.SendAsync(new TickAckMessage([resent.TickId!.Value]));
        await Waits.ForAsync(stopping, "the agent to stop");

        Assert.Equal(tick, resent);
        Assert.Contains("📊 Final tick counts: produced 1, sent 2, acknowledged 1, pending 0, re-sent 1, dropped 0, refused 0", agent.Logs.Entries.Select(entry => entry.Message));
    }

    private CheckWebsiteMessage Checks(int count, string path) =>
        new([.. Enumerable.Range(0, count).Select(_ => new WebsiteCheck(Guid.NewGuid(), Target.Url(path), 30))], DateTime.UtcNow);

    private static List<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
