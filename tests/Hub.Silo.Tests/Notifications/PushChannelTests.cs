using System.Text.Json.Nodes;
using Uptime.Hub.Notifications;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>ntfy and PagerDuty against a real local receiver, as their docs describe the requests.</summary>
public sealed class PushChannelTests
{
    [Fact]
    public async Task Ntfy_Opened_PublishesJsonToTheRootWithUrgentPriorityAndBearerToken()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Single(Samples.Opened());
        var settings = ChannelAnswerTests.Settings("ntfy", receiver.Url);
        settings["tags"] = new JsonArray("shop", "prod");

        await Samples.Channel("ntfy").SendAsync(settings, notification, CancellationToken.None);

        var request = receiver.SinglePost();
        Assert.Equal("/", request.Path);
        Assert.Equal("Bearer tk_secrettoken0123456789", request.Headers["Authorization"]);
        var body = request.Json;
        Assert.Equal("alerts-topic", Json.Text(body, "topic"));
        Assert.Equal(notification.Subject, Json.Text(body, "title"));
        Assert.Equal(notification.Body, Json.Text(body, "message"));
        Assert.Equal(5, Json.Number(body, "priority"));
        Assert.Equal(["rotating_light", "shop", "prod"], Json.Array(body, "tags").Select(t => t!.GetValue<string>()));
        Assert.Equal(Samples.Link, Json.Text(body, "click"));
    }

    [Theory]
    [InlineData("reminder", null, 4)]
    [InlineData("resolved", null, 3)]
    [InlineData("acknowledged", null, 3)]
    [InlineData("opened", "low", 2)]
    [InlineData("resolved", "min", 1)]
    public async Task Ntfy_Priority_ByKindUnlessSet(string kind, string? priority, int expected)
    {
        await using var receiver = await Receiver.StartAsync();
        var settings = new JsonObject { ["url"] = $"{receiver.Url}/base/alerts" };
        if (priority is not null)
        {
            settings["priority"] = priority;
        }

        await Samples.Channel("ntfy").SendAsync(settings, Samples.Single(Samples.Opened() with { Kind = kind }), CancellationToken.None);

        var request = receiver.SinglePost();
        Assert.Equal("/base/", request.Path);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal(expected, Json.Number(request.Json, "priority"));
        Assert.Equal("alerts", Json.Text(request.Json, "topic"));
    }

    [Fact]
    public async Task PagerDuty_Opened_TriggersWithIncidentIdAsDedupKey()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(202, """{"status":"success","message":"Event processed","dedup_key":"x"}""");
        var notification = Samples.Single(Samples.Opened());

        var result = await Samples.Channel("pagerduty").SendAsync(ChannelAnswerTests.Settings("pagerduty", receiver.Url), notification, CancellationToken.None);

        Assert.Equal(DeliveryResult.Success(202), result);
        var request = receiver.SinglePost();
        Assert.Equal("/v2/enqueue", request.Path);
        var body = request.Json;
        Assert.Equal("R0UT1NGKEY0123456789abcdefABCDEF", Json.Text(body, "routing_key"));
        Assert.Equal("trigger", Json.Text(body, "event_action"));
        Assert.Equal(Samples.IncidentId.ToString(), Json.Text(body, "dedup_key"));
        var payload = Json.Object(body, "payload");
        Assert.InRange(Json.Text(payload, "summary").Length, 1, 1024);
        Assert.Contains("Down from 2 of 3 regions", Json.Text(payload, "summary"), StringComparison.Ordinal);
        Assert.Equal("https://shop.example.com/", Json.Text(payload, "source"));
        Assert.Equal("critical", Json.Text(payload, "severity"));
        Assert.Equal("2026-12-07T09:00:00Z", Json.Text(payload, "timestamp"));
        Assert.Equal("My Shop", Json.Text(payload, "component"));
        Assert.Equal("2 of 3 regions say Down", Json.Text(Json.Object(payload, "custom_details"), "reason"));
        var link = Assert.Single(Json.Array(body, "links"));
        Assert.Equal(Samples.Link, Json.Text(link, "href"));
    }

    [Theory]
    [InlineData("acknowledged", "acknowledge")]
    [InlineData("resolved", "resolve")]
    [InlineData("reminder", "trigger")]
    public async Task PagerDuty_FollowUp_SameDedupKeyWithTheMatchingAction(string kind, string action)
    {
        await using var receiver = await Receiver.StartAsync();
        var settings = ChannelAnswerTests.Settings("pagerduty", receiver.Url);
        settings["severity"] = "warning";

        await Samples.Channel("pagerduty").SendAsync(settings, Samples.Single(Samples.Opened() with { Kind = kind }), CancellationToken.None);

        var body = receiver.SinglePost().Json;
        Assert.Equal((action, Samples.IncidentId.ToString()), (Json.Text(body, "event_action"), Json.Text(body, "dedup_key")));
        Assert.Equal(action == "trigger", body.ContainsKey("payload"));
        if (action == "trigger")
        {
            Assert.Equal("warning", Json.Text(Json.Object(body, "payload"), "severity"));
        }
    }

    [Fact]
    public async Task PagerDuty_Group_OneRequestPerIncident()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(202, "{}");
        var notification = Samples.Group(down: 3, resolved: 1);

        var result = await Samples.Channel("pagerduty").SendAsync(ChannelAnswerTests.Settings("pagerduty", receiver.Url), notification, CancellationToken.None);

        Assert.True(result.Delivered);
        var bodies = receiver.Requests.Select(Receiver.AssertPost).Select(r => r.Json).ToList();
        Assert.Equal(["trigger", "trigger", "trigger", "resolve"], bodies.Select(b => Json.Text(b, "event_action")));
        Assert.Equal(notification.Items.Select(i => i.Payload.IncidentId.ToString()), bodies.Select(b => Json.Text(b, "dedup_key")));
    }

    [Fact]
    public async Task PagerDuty_Test_TriggersThenResolvesATestAlert()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Single(Samples.Test());

        var result = await Samples.Channel("pagerduty").SendAsync(ChannelAnswerTests.Settings("pagerduty", receiver.Url), notification, CancellationToken.None);

        Assert.True(result.Delivered);
        var bodies = receiver.Requests.Select(r => r.Json).ToList();
        Assert.Equal(["trigger", "resolve"], bodies.Select(b => Json.Text(b, "event_action")));
        Assert.Equal($"uptime-test-{notification.DeliveryKey}", Json.Text(bodies[0], "dedup_key"));
        Assert.Equal(Json.Text(bodies[0], "dedup_key"), Json.Text(bodies[1], "dedup_key"));
    }

    [Fact]
    public async Task PagerDuty_OneOfAGroupFails_RetriedAsAWhole()
    {
        await using var receiver = await Receiver.StartAsync();
        var calls = 0;
        receiver.Answer = context => Interlocked.Increment(ref calls) == 2 ? Receiver.Status(500, "oops")(context) : Receiver.Status(202, "{}")(context);

        var result = await Samples.Channel("pagerduty").SendAsync(ChannelAnswerTests.Settings("pagerduty", receiver.Url), Samples.Group(down: 3), CancellationToken.None);

        Assert.Equal((false, false, 500), (result.Delivered, result.Permanent, result.Status));
        Assert.Equal(3, receiver.Requests.Count);
    }
}
