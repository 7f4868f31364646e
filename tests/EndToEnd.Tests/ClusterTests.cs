using System.Net.WebSockets;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>Two hub silos in one cluster: validators on either silo see one system.</summary>
[Collection(HubCollection.Name)]
public sealed class ClusterTests(TwoSiloClusterFixture cluster) : IClassFixture<TwoSiloClusterFixture>
{
    /// <summary>Silos publish their relays every 5 s; allow a few rounds.</summary>
    private static readonly TimeSpan _convergence = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Register_OnEachSilo_ConnectedValidatorsCountsTheWholeCluster()
    {
        await using var onFirst = await HubClient.ConnectAsync(cluster.First);
        await using var onSecond = await HubClient.ConnectAsync(cluster.Second);
        var firstKey = AgentProcess.NewPublicKey();
        var secondKey = AgentProcess.NewPublicKey();
        await onFirst.RegisterAsync(firstKey);
        await onSecond.RegisterAsync(secondKey);

        // Registering again on the same connection is allowed and reports the current cluster-wide count.
        foreach (var (client, key) in new[] { (onFirst, firstKey), (onSecond, secondKey) })
        {
            await Eventually.UntilAsync(
                () => client.RegisterAsync(key),
                registered => registered.ConnectedValidators >= 2,
                _convergence,
                registered => $"REGISTERED still says {registered?.ConnectedValidators} connected validators with one on each silo{cluster.Diagnostics}");
        }
    }

    [Fact]
    public async Task Website_CreatedThroughFirstSilo_DispatchedToValidatorOnSecondSiloAndTickStored()
    {
        await using var client = await HubClient.ConnectAsync(cluster.Second);
        var validatorId = (await client.RegisterAsync(AgentProcess.NewPublicKey())).ValidatorId;

        var websiteId = (await cluster.First.CreateWebsiteAsync("https://example.com/cluster", 10)).GetProperty("id").GetGuid();
        var check = await client.ReceiveCheckForAsync(websiteId, _convergence);
        await client.SendAsync(new TickResultMessage(check.WebsiteId, TickStatus.Good, 42, DateTime.UtcNow, null));

        var ticks = await Eventually.UntilAsync(
            () => cluster.First.Database.TicksAsync(websiteId),
            found => found.Count > 0,
            TimeSpan.FromSeconds(15),
            _ => $"the tick sent to the second silo was not stored{cluster.Diagnostics}");
        Assert.Equal(validatorId, ticks[0].ValidatorId);
    }

    [Fact]
    public async Task Ban_ThroughFirstSilo_ValidatorOnSecondSiloClosedAtOnceAndRefusedOnBoth()
    {
        await using var client = await HubClient.ConnectAsync(cluster.Second);
        var publicKey = AgentProcess.NewPublicKey();
        var validatorId = (await client.RegisterAsync(publicKey)).ValidatorId;

        await cluster.First.BanAsync(validatorId, "banned on the first silo");
        var (messages, status, _) = await client.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(5));

        var expected = new ErrorMessage(ErrorCodes.Banned, $"validator {publicKey} is banned by an operator: banned on the first silo");
        Assert.Contains(expected, messages);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        foreach (var silo in new[] { cluster.Second, cluster.First })
        {
            await using var again = await HubClient.ConnectAsync(silo);
            await again.SendAsync(new RegisterMessage(publicKey, "E2E Lab"));
            var (refusal, refusalStatus, _) = await again.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(5));
            Assert.Equal([expected], refusal);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, refusalStatus);
        }
    }

    [Fact]
    public async Task Events_StreamOnSecondSilo_SeesWebsiteCreatedThroughFirstSilo()
    {
        using var events = new HttpClient { BaseAddress = cluster.Second.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await events.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: hello", await reader.ReadLineAsync());

        var websiteId = (await cluster.First.CreateWebsiteAsync("https://example.com/live", 10)).GetProperty("id").GetGuid();

        using var deadline = new CancellationTokenSource(_convergence);
        while (true)
        {
            var line = await reader.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException("the event stream ended");
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains(websiteId.ToString(), StringComparison.Ordinal)
                && line.Contains("\"created\"", StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    [Fact]
    public async Task Register_SameKeyOnOtherSilo_OldConnectionClosed()
    {
        var publicKey = AgentProcess.NewPublicKey();
        await using var old = await HubClient.ConnectAsync(cluster.First);
        await using var current = await HubClient.ConnectAsync(cluster.Second);
        await old.RegisterAsync(publicKey, "Old Place");

        await current.RegisterAsync(publicKey, "New Place");
        var (status, _) = await old.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        await current.HeartbeatAsync();
        var row = await cluster.Second.Database.ValidatorAsync(publicKey);
        Assert.True(row is { Online: true, Location: "New Place" }, $"validators row: {row}");
    }
}
