using System.Net;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// Alerts end to end: a validator's Bad answers open an incident, whose notification reaches a real webhook receiver
/// signed, with the facts and the dashboard link; Good answers resolve it and the resolution follows. A receiver that
/// fails, asks to wait (429 Retry-After) or is down for two minutes gets the alert once it can, exactly once as a success.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationDeliveryTests(NotificationsHubFixture fixture) : IClassFixture<NotificationsHubFixture>
{
    private static readonly TimeSpan _alertWithin = TimeSpan.FromSeconds(20);

    private HubProcess Hub => fixture.Hub;

    private NotificationsApi Api => new(Hub);

    [Fact]
    public async Task Outage_OpenedThenResolved_SignedWebhooksWithTheFactsAndTheLink()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await using var validator = await HubClient.ConnectAsync(Hub);
        await validator.RegisterAsync(Infrastructure.AgentProcess.NewPublicKey(), "eu-west");
        var websiteId = await Api.WebsiteAsync("outage");
        await Api.RouteToAsync(receiver, websiteId);

        await NotificationsApi.AnswerAsync(validator, websiteId, TickStatus.Bad);
        var opened = await WaitForEventAsync(receiver, "opened", _alertWithin);
        await NotificationsApi.AnswerAsync(validator, websiteId, TickStatus.Good);
        var resolved = await WaitForEventAsync(receiver, "resolved", _alertWithin + TimeSpan.FromSeconds(30));

        Assert.All(receiver.Received, alert => Assert.True(alert.Signed, $"unsigned or badly signed: {alert.Body}"));
        Assert.Equal(websiteId, opened.GetProperty("websiteId").GetGuid());
        var incidentId = opened.GetProperty("incidentId").GetGuid();
        Assert.Equal(incidentId, resolved.GetProperty("incidentId").GetGuid());
        Assert.Equal("Down", opened.GetProperty("verdict").GetString());
        Assert.Contains("HTTP 503", opened.ToString());
        Assert.Contains($"{NotificationsHubFixture.PublicUrl}#incident={incidentId}", receiver.Received[0].Body);
        Assert.Equal(receiver.Received.Count, receiver.Received.Select(a => a.DeliveryKey).Distinct().Count());
    }

    [Fact]
    public async Task Receiver500ThreeTimesThen200_OneSuccessRecorded()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.AnswerNext(3, HttpStatusCode.InternalServerError);
        var (channelId, _) = await OutageRoutedToAsync(receiver, "retry");

        await WaitForEventAsync(receiver, "opened", TimeSpan.FromSeconds(45), accepted: true);

        Assert.Equal([false, false, false, true], receiver.Received.Select(a => a.Accepted));
        Assert.Single(receiver.Received.Select(a => a.DeliveryKey).Distinct());
        var delivery = Assert.Single(await Api.DeliveriesOfChannelAsync(channelId));
        Assert.Equal(("sent", 4), (delivery.GetProperty("state").GetString(), delivery.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Receiver429WithRetryAfter_NotAskedAgainBeforeThen()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.AnswerNext(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(8));
        await OutageRoutedToAsync(receiver, "throttled");

        await WaitForEventAsync(receiver, "opened", TimeSpan.FromSeconds(45), accepted: true);

        Assert.Equal(2, receiver.Received.Count);
        var waited = receiver.Received[1].At - receiver.Received[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(7.5), $"asked again after {waited.TotalSeconds:0.0} s despite Retry-After: 8");
    }

    [Fact]
    public async Task ReceiverDownTwoMinutes_DeliveredAfterItReturns()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await receiver.StopAsync();
        var (channelId, _) = await OutageRoutedToAsync(receiver, "receiver-down");

        await Task.Delay(TimeSpan.FromMinutes(2));
        Assert.Empty(receiver.Received);
        var waiting = Assert.Single(await Api.DeliveriesOfChannelAsync(channelId));
        Assert.Equal("pending", waiting.GetProperty("state").GetString());
        Assert.True(waiting.GetProperty("attempts").GetInt32() >= 3, $"too few attempts while down: {waiting}");
        await receiver.RestartAsync();

        await WaitForEventAsync(receiver, "opened", RetryScheduleCap + TimeSpan.FromSeconds(15), accepted: true);
        Assert.Single(receiver.Received);
    }

    /// <summary>The longest back-off after two minutes of failures from a 1 s first retry: 64 s, jittered down to 32–64 s.</summary>
    private static TimeSpan RetryScheduleCap => TimeSpan.FromSeconds(64);

    private async Task<(Guid ChannelId, Guid WebsiteId)> OutageRoutedToAsync(AlertReceiver receiver, string name)
    {
        var validator = await HubClient.ConnectAsync(Hub);
        await using (validator)
        {
            await validator.RegisterAsync(Infrastructure.AgentProcess.NewPublicKey(), "eu-west");
            var websiteId = await Api.WebsiteAsync(name);
            var channelId = await Api.RouteToAsync(receiver, websiteId);
            await NotificationsApi.AnswerAsync(validator, websiteId, TickStatus.Bad);
            return (channelId, websiteId);
        }
    }

    /// <summary>The first event of <paramref name="kind"/> the receiver got (and, with <paramref name="accepted"/>, answered 2xx).</summary>
    private static Task<JsonElement> WaitForEventAsync(AlertReceiver receiver, string kind, TimeSpan timeout, bool accepted = false) =>
        Eventually.UntilAsync(
            () => Task.FromResult(receiver.Received.Where(a => !accepted || a.Accepted).SelectMany(WebhookEvents.Of).FirstOrDefault(e => e.GetProperty("kind").GetString() == kind)),
            found => found.ValueKind == JsonValueKind.Object,
            timeout,
            _ => $"no '{kind}' event at the receiver within {timeout.TotalSeconds:0} s; received: {string.Join(" | ", receiver.Received.Select(a => a.Body))}");
}
