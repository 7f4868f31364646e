using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// The delivery logs of a real hub process, over rows the outbox would have written: a channel's deliveries (newest first,
/// by state, limited) and an incident's.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationDeliveryLogTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task ChannelDeliveries_NewestFirst_FilteredByStateAndLimited()
    {
        var calls = new NotificationApiCalls(Hub);
        var name = $"log-{Guid.NewGuid():N}";
        var channel = (await calls.CreateWebhookAsync(name, "http://127.0.0.1:9/log", "0123456789abcdef-log")).GetProperty("id").GetGuid();
        var start = DateTime.UtcNow.AddMinutes(-10);
        var sent = await Hub.Database.AddDeliveryAsync(channel, null, null, "test", "sent", start, 200);
        var dead = await Hub.Database.AddDeliveryAsync(channel, null, null, "test", "dead", start.AddMinutes(1), 404, "HTTP 404: no such hook");
        var pending = await Hub.Database.AddDeliveryAsync(channel, null, null, "test", "pending", start.AddMinutes(2), 503, "HTTP 503");

        var all = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-channels/{channel}/deliveries");
        var deadOnly = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-channels/{channel}/deliveries?state=dead");
        var newest = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-channels/{channel}/deliveries?limit=1");

        Assert.Equal([pending, dead, sent], all.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        var shown = Assert.Single(deadOnly.EnumerateArray());
        Assert.Equal(dead, shown.GetProperty("id").GetGuid());
        Assert.Equal("dead", shown.GetProperty("state").GetString());
        Assert.Equal(404, shown.GetProperty("lastStatus").GetInt32());
        Assert.Equal("HTTP 404: no such hook", shown.GetProperty("lastError").GetString());
        Assert.Equal(name, shown.GetProperty("channelName").GetString());
        Assert.Equal("webhook", shown.GetProperty("channelType").GetString());
        Assert.Equal("test", shown.GetProperty("kind").GetString());
        Assert.Equal(1, shown.GetProperty("attempts").GetInt32());
        Assert.Equal(pending, Assert.Single(newest.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("state=lost", "state", "state must be one of pending, sent, skipped, dead")]
    [InlineData("limit=0", "limit", "limit must be a whole number between 1 and 1000")]
    public async Task ChannelDeliveries_BadQuery_400NamingIt(string query, string parameter, string message)
    {
        var calls = new NotificationApiCalls(Hub);
        var channel = (await calls.CreateWebhookAsync($"log-query-{Guid.NewGuid():N}", "http://127.0.0.1:9/log", "0123456789abcdef-log")).GetProperty("id").GetGuid();

        var (status, problem) = await calls.SendAsync(HttpMethod.Get, $"api/notification-channels/{channel}/deliveries?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, NotificationApiCalls.Errors(problem)[parameter], StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentDeliveries_EveryChannelOfItsEvents()
    {
        var calls = new NotificationApiCalls(Hub);
        var websiteId = (await Hub.CreateWebsiteAsync($"https://example.com/deliveries-{Guid.NewGuid():N}", 3600)).GetProperty("id").GetGuid();
        var incidentId = await Hub.Database.OpenIncidentAsync(websiteId, "3 of 3 regions say Down", []);
        var first = (await calls.CreateWebhookAsync($"incident-a-{Guid.NewGuid():N}", "http://127.0.0.1:9/a", "0123456789abcdef-a")).GetProperty("id").GetGuid();
        var second = (await calls.CreateWebhookAsync($"incident-b-{Guid.NewGuid():N}", "http://127.0.0.1:9/b", "0123456789abcdef-b")).GetProperty("id").GetGuid();
        var opened = await Hub.Database.AddDeliveryAsync(first, incidentId, websiteId, "opened", "sent", DateTime.UtcNow.AddMinutes(-2), 200);
        var reminded = await Hub.Database.AddDeliveryAsync(second, incidentId, websiteId, "reminder", "pending", DateTime.UtcNow.AddMinutes(-1), 500, "HTTP 500");
        await Hub.Database.AddDeliveryAsync(first, null, null, "test", "sent", DateTime.UtcNow, 200);

        var log = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/incidents/{incidentId}/deliveries");

        Assert.Equal([reminded, opened], log.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.All(log.EnumerateArray(), d =>
        {
            Assert.Equal(incidentId, d.GetProperty("incidentId").GetGuid());
            Assert.Equal(websiteId, d.GetProperty("websiteId").GetGuid());
        });
        Assert.Equal(second, log[0].GetProperty("channelId").GetGuid());
        Assert.Equal("reminder", log[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task IncidentDeliveries_UnknownIncident_404()
    {
        var id = Guid.NewGuid();

        var (status, problem) = await new NotificationApiCalls(Hub).SendAsync(HttpMethod.Get, $"api/incidents/{id}/deliveries");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"incident {id} not found", problem.GetProperty("detail").GetString());
    }
}
