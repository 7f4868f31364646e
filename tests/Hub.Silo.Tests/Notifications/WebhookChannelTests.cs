using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Uptime.Hub.Notifications;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>The generic webhook against a real local receiver: schema version 1, the idempotency key and an HMAC signature checked independently.</summary>
public sealed class WebhookChannelTests
{
    private const string Secret = "0123456789abcdef-secret";

    [Fact]
    public async Task SendAsync_OneEvent_PostsSignedVersion1Json()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Single(Samples.Opened());
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var result = await Samples.Channel("webhook").SendAsync(Settings(receiver), notification, CancellationToken.None);

        Assert.Equal(DeliveryResult.Success(200), result);
        var request = receiver.SinglePost();
        Assert.Equal("/hooks/uptime", request.Path);
        Assert.Equal("?team=ops", request.Query);
        Assert.Equal(notification.DeliveryKey, request.Headers["X-Uptime-Delivery"]);
        var timestamp = long.Parse(request.Headers["X-Uptime-Timestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("sha256=" + IndependentHmac(Secret, $"{timestamp}.{request.Body}"), request.Headers["X-Uptime-Signature"]);
        var body = request.Json;
        Assert.Equal(1, Json.Number(body, "version"));
        Assert.Equal(notification.DeliveryKey, Json.Text(body, "deliveryKey"));
        Assert.False(Json.Bool(body, "grouped"));
        Assert.Equal(notification.Subject, Json.Text(body, "subject"));
        Assert.Equal(notification.Body, Json.Text(body, "text"));
        var item = notification.Items[0];
        var @event = Assert.Single(Json.Array(body, "events"));
        Assert.Equal(item.EventId.ToString(), Json.Text(@event, "eventId"));
        Assert.Equal(item.DeliveryId.ToString(), Json.Text(@event, "deliveryId"));
        Assert.Equal("opened", Json.Text(@event, "kind"));
        Assert.Equal("2026-12-07T09:00:00Z", Json.Text(@event, "at"));
        Assert.Equal("2026-12-07T09:00:00Z", Json.Text(@event, "openedAt"));
        Assert.Equal(Samples.IncidentId.ToString(), Json.Text(@event, "incidentId"));
        Assert.Equal(Samples.Link, Json.Text(@event, "incidentLink"));
        Assert.Equal(Samples.WebsiteId.ToString(), Json.Text(@event, "websiteId"));
        Assert.Equal("My Shop", Json.Text(@event, "websiteName"));
        Assert.Equal("https://shop.example.com/", Json.Text(@event, "websiteUrl"));
        Assert.Equal("prod", Assert.Single(Json.Array(@event, "tags"))!.GetValue<string>());
        Assert.Equal("Down", Json.Text(@event, "verdict"));
        Assert.Equal("2 of 3 regions say Down", Json.Text(@event, "reason"));
        Assert.Equal(0, Json.Number(@event, "durationSeconds"));
        Assert.Null(@event!["resolvedAt"]);
        var votes = Json.Array(@event, "votes");
        Assert.Equal(3, votes.Count);
        Assert.Equal(("us-east", "Bad", "HTTP 503"), (Json.Text(votes[0], "region"), Json.Text(votes[0], "status"), Json.Text(votes[0], "error")));
        Assert.Equal(10_000, Json.Number(votes[1], "latencyMs"));
        Assert.Equal("2026-12-07T08:59:58Z", Json.Text(votes[0], "at"));
    }

    [Fact]
    public async Task SendAsync_Group_PostsOneMessageWithEveryEvent()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Group(down: 3, resolved: 1);

        var result = await Samples.Channel("webhook").SendAsync(Settings(receiver), notification, CancellationToken.None);

        Assert.True(result.Delivered);
        var request = receiver.SinglePost();
        var body = request.Json;
        Assert.True(Json.Bool(body, "grouped"));
        Assert.Equal(notification.Items[0].DeliveryId.ToString(), request.Headers["X-Uptime-Delivery"]);
        var events = Json.Array(body, "events");
        Assert.Equal(["opened", "opened", "opened", "resolved"], events.Select(e => Json.Text(e, "kind")));
        Assert.Equal(["site-1", "site-2", "site-3", "back-1"], events.Select(e => Json.Text(e, "websiteName")));
        Assert.Equal(750, Json.Number(events[3], "durationSeconds"));
        var timestamp = request.Headers["X-Uptime-Timestamp"];
        Assert.Equal("sha256=" + IndependentHmac(Secret, $"{timestamp}.{request.Body}"), request.Headers["X-Uptime-Signature"]);
    }

    [Fact]
    public async Task SendAsync_BodyChangedInTransit_SignatureNoLongerMatches()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("webhook").SendAsync(Settings(receiver), Samples.Single(Samples.Opened()), CancellationToken.None);

        var request = receiver.SinglePost();
        var tampered = request.Body.Replace("My Shop", "My Shoq", StringComparison.Ordinal);
        Assert.NotEqual("sha256=" + IndependentHmac(Secret, $"{request.Headers["X-Uptime-Timestamp"]}.{tampered}"), request.Headers["X-Uptime-Signature"]);
        Assert.NotEqual("sha256=" + IndependentHmac("another-secret-0123", $"{request.Headers["X-Uptime-Timestamp"]}.{request.Body}"), request.Headers["X-Uptime-Signature"]);
    }

    private static JsonObject Settings(Receiver receiver) => new() { ["url"] = $"{receiver.Url}/hooks/uptime?team=ops", ["secret"] = Secret };

    /// <summary>The check a receiver would write from the README, not the channel's own code.</summary>
    private static string IndependentHmac(string secret, string message)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return string.Concat(hmac.ComputeHash(Encoding.UTF8.GetBytes(message)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
