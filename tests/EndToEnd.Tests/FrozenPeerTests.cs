using System.Diagnostics;
using Uptime.EndToEnd.Tests.Chaos;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// A hub or an agent frozen with SIGSTOP (a long GC pause, a VM stall): the other side stops getting WebSocket pongs
/// and drops the connection within its silence bound (3 s here), instead of the minute or so TCP and heartbeats take.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class FrozenPeerTests(PostgresFixture postgres)
{
    private const int SilenceSeconds = 3;
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(2 * SilenceSeconds);
    private static readonly TimeSpan _registerTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Agent_HubFrozen_DropsConnectionWithinBoundAndReconnectsWhenHubResumes()
    {
        await using var hub = await HubProcess.StartAsync(await postgres.CreateDatabaseAsync());
        await using var agent = AgentProcess.Start(
            hub, "Frozen Hub Lab", new Dictionary<string, string?> { ["AGENT_HUB_SILENCE_TIMEOUT_SECONDS"] = SilenceSeconds.ToString() });
        await WaitForLinesAsync(agent.Process, "✅ Registration successful", 1, _registerTimeout);

        var frozen = Stopwatch.StartNew();
        await ProcessSignals.FreezeAsync(hub.Process.Id);
        try
        {
            await WaitForLinesAsync(agent.Process, "⚠️ Hub silent", 1, _bound);
            var noticedAfter = frozen.Elapsed;
            await WaitForLinesAsync(agent.Process, "🔌 Connecting to hub", 2, TimeSpan.FromSeconds(5));

            Assert.True(noticedAfter >= TimeSpan.FromSeconds(SilenceSeconds * 0.5), $"noticed after {noticedAfter.TotalSeconds:0.0} s{agent.Diagnostics}");
        }
        finally
        {
            await ProcessSignals.ResumeAsync(hub.Process.Id);
        }

        await WaitForLinesAsync(agent.Process, "✅ Registration successful", 2, _registerTimeout);
    }

    [Fact]
    public async Task Hub_AgentFrozen_ClosesItsConnectionWithinBoundAndMarksItOffline()
    {
        await using var hub = await HubProcess.StartAsync(
            await postgres.CreateDatabaseAsync(), new Dictionary<string, string?> { ["HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS"] = SilenceSeconds.ToString() });
        await using var agent = AgentProcess.Start(hub, "Frozen Agent Lab");
        await hub.WaitForOnlineAsync(agent.PublicKey, _registerTimeout, () => agent.Diagnostics);

        await ProcessSignals.FreezeAsync(agent.Process.Id);
        try
        {
            await WaitForLinesAsync(
                hub.Process, $"({agent.PublicKey}) closed: no answer to a WebSocket ping within {SilenceSeconds} s (HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS)", 1, _bound);
            await Eventually.UntilAsync(
                () => hub.Database.ValidatorAsync(agent.PublicKey),
                row => row is { Online: false },
                TimeSpan.FromSeconds(5),
                row => $"the dropped validator is still online: {row}{hub.Diagnostics}");
        }
        finally
        {
            await ProcessSignals.ResumeAsync(agent.Process.Id);
        }

        await WaitForLinesAsync(agent.Process, "✅ Registration successful", 2, _registerTimeout);
        await hub.WaitForOnlineAsync(agent.PublicKey, _registerTimeout, () => agent.Diagnostics);
    }

    [Fact]
    public async Task Hub_AgentKilled_ReportsAClosedConnectionNotASilentOne()
    {
        await using var hub = await HubProcess.StartAsync(
            await postgres.CreateDatabaseAsync(), new Dictionary<string, string?> { ["HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS"] = SilenceSeconds.ToString() });
        await using var agent = AgentProcess.Start(hub, "Killed Agent Lab");
        await hub.WaitForOnlineAsync(agent.PublicKey, _registerTimeout, () => agent.Diagnostics);

        await agent.KillAsync();
        await WaitForLinesAsync(hub.Process, $"({agent.PublicKey}) closed: ", 1, _bound);

        Assert.DoesNotContain("no answer to a WebSocket ping", hub.Process.Output, StringComparison.Ordinal);
    }

    private static Task WaitForLinesAsync(ChildProcess process, string text, int count, TimeSpan timeout) =>
        Eventually.UntilAsync(
            () => Task.FromResult(process.Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal))),
            seen => seen >= count,
            timeout,
            seen => $"{process.Name} wrote {seen} line(s) with \"{text}\" within {timeout.TotalSeconds:0} s, not {count}:\n{process.Describe()}");
}
