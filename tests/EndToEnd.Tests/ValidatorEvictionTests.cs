using System.Diagnostics;
using System.Net.WebSockets;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>Heartbeat time-out of a real hub started with HUB_HEARTBEAT_TIMEOUT_SECONDS=3 (the spec's 60 s, shortened).</summary>
[Collection(HubCollection.Name)]
public sealed class ValidatorEvictionTests(ShortHeartbeatHubFixture fixture) : IClassFixture<ShortHeartbeatHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Validator_SilentPastHeartbeatTimeout_ClosedAndMarkedOffline()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        var publicKey = AgentProcess.NewPublicKey();

        // The hub counts the silence from its registration, which lies between sending REGISTER and receiving
        // REGISTERED: timed from the sending, the silence measured here is never shorter than the hub's.
        var silentSince = Stopwatch.StartNew();
        await client.RegisterAsync(publicKey);

        var (status, description) = await client.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.True(
            silentSince.Elapsed >= TimeSpan.FromSeconds(ShortHeartbeatHubFixture.HeartbeatTimeoutSeconds - 0.5),
            $"closed after {silentSince.Elapsed.TotalSeconds:0.0} s, before the {ShortHeartbeatHubFixture.HeartbeatTimeoutSeconds} s time-out");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Contains("heartbeat", description ?? "", StringComparison.OrdinalIgnoreCase);
        await Eventually.UntilAsync(
            () => Hub.Database.ValidatorAsync(publicKey),
            row => row is { Online: false },
            TimeSpan.FromSeconds(10),
            row => $"the evicted validator is still online: {row}{Hub.Diagnostics}");
    }

    [Fact]
    public async Task Validator_HeartbeatingEverySecond_StaysConnectedPastTimeout()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        var publicKey = AgentProcess.NewPublicKey();
        await client.RegisterAsync(publicKey);
        var connected = Stopwatch.StartNew();

        // Twice the time-out, heartbeating well within it: every HEARTBEAT keeps being acknowledged.
        while (connected.Elapsed < TimeSpan.FromSeconds(2 * ShortHeartbeatHubFixture.HeartbeatTimeoutSeconds))
        {
            await client.HeartbeatAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(WebSocketState.Open, client.State);
        var row = await Hub.Database.ValidatorAsync(publicKey);
        Assert.True(row is { Online: true, LastHeartbeat: not null }, $"validators row: {row}");
        Assert.True(DateTime.UtcNow - row.LastHeartbeat!.Value < TimeSpan.FromSeconds(5), $"last_heartbeat {row.LastHeartbeat:O} is stale");
    }
}
