using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;
using Xunit.Abstractions;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// A storm: 500 websites go Down within a second or two (one validator's answers), and a channel for all websites gets a
/// handful of messages that together name every one of the 500 incidents: what is due when the channel is free goes at
/// once as one message, what comes due after it one message per 30 s window.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationStormTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Websites = 500;

    [Fact]
    public async Task FiveHundredWebsitesDownTogether_AHandfulOfGroupedMessagesNamingThemAll()
    {
        await using var hub = await HubProcess.StartAsync(await postgres.CreateDatabaseAsync(), new Dictionary<string, string?>
        {
            ["HUB_CANARY_INTERVAL_SECONDS"] = "3600",
            ["HUB_HEARTBEAT_TIMEOUT_SECONDS"] = "600",
        });
        await using var receiver = await AlertReceiver.StartAsync();
        await new NotificationsApi(hub).RouteToAsync(receiver, null, "opened");
        await using var validator = await HubClient.ConnectAsync(hub);
        await validator.RegisterAsync(AgentProcess.NewPublicKey(), "us-east");
        var websites = new List<Guid>();
        for (var i = 0; i < Websites; i++)
        {
            websites.Add((await hub.CreateWebsiteAsync($"https://example.com/storm/{i}", 60)).GetProperty("id").GetGuid());
        }

        var checks = await validator.ReceiveChecksForAllAsync(websites, TimeSpan.FromSeconds(120));
        var downAt = DateTime.UtcNow;
        foreach (var check in checks.Values)
        {
            await validator.SendAsync(HubClient.Answer(check, TickStatus.Bad, 30, DateTime.UtcNow, "Connection refused"));
        }

        var named = await Eventually.UntilAsync(
            () => Task.FromResult(receiver.Received.Where(a => a.Accepted).SelectMany(WebhookEvents.Of)
                .Where(e => e.GetProperty("kind").GetString() == "opened").Select(e => e.GetProperty("websiteId").GetGuid()).ToHashSet()),
            got => got.Count == Websites,
            TimeSpan.FromSeconds(90),
            got => $"{got?.Count ?? 0} of {Websites} websites named in {receiver.Received.Count} messages{hub.Diagnostics}");

        var messages = receiver.Received.Count;
        output.WriteLine($"{Websites} websites down → {messages} messages, the last {(receiver.Received[^1].At - downAt).TotalSeconds:0.0} s after the outage");
        Assert.True(named.SetEquals(websites), "the messages name other websites than the storm's");
        Assert.InRange(messages, 1, 5);
        Assert.All(receiver.Received, alert => Assert.True(alert.Signed));
    }
}
