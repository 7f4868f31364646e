using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>The REST calls and validator answers the notification tests make against one hub.</summary>
internal sealed class NotificationsApi(HubProcess hub)
{
    private static readonly TimeSpan _roundWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A webhook channel to <paramref name="receiver"/> and a policy (no reminders) sending it the <paramref name="events"/>
    /// (none given: every event) of <paramref name="websiteId"/> (null: of every website).
    /// </summary>
    public async Task<Guid> RouteToAsync(AlertReceiver receiver, Guid? websiteId = null, params string[] events)
    {
        var channel = await PostAsync("api/notification-channels", new
        {
            name = $"hook-{Guid.NewGuid():N}",
            type = "webhook",
            settings = new { url = receiver.Url, secret = receiver.Secret },
        });
        var channelId = channel.GetProperty("id").GetGuid();
        var policy = new Dictionary<string, object>
        {
            ["name"] = $"policy-{Guid.NewGuid():N}",
            ["channelIds"] = new[] { channelId },
            ["reminderMinutes"] = 0,
        };
        if (websiteId is { } id)
        {
            policy["websiteIds"] = new[] { id };
        }

        if (events.Length > 0)
        {
            policy["events"] = events;
        }

        await PostAsync("api/notification-policies", policy);
        return channelId;
    }

    /// <summary>A website checked every 10 s whose incident resolves at the first good verdict.</summary>
    public async Task<Guid> WebsiteAsync(string name) =>
        (await PostAsync("api/websites", new { url = $"https://example.com/{name}/{Guid.NewGuid():N}", interval = 10, recoverySeconds = 0 }))
            .GetProperty("id").GetGuid();

    /// <summary>Answers the website's next check as an agent would, and waits until the tick is acknowledged (stored).</summary>
    public static async Task AnswerAsync(HubClient client, Guid websiteId, TickStatus status)
    {
        var check = await client.ReceiveCheckForAsync(websiteId, _roundWait);
        var tick = HubClient.Answer(check, status, 20, DateTime.UtcNow, status == TickStatus.Bad ? "HTTP 503" : null);
        await client.SendAsync(tick);
        await client.ReceiveUntilAsync(m => m is TickAckMessage ack && ack.TickIds.Contains(tick.TickId!.Value), "the tick's TICK_ACK");
    }

    public async Task<JsonElement[]> DeliveriesOfChannelAsync(Guid channelId) =>
        (await hub.Http.GetFromJsonAsync<JsonElement[]>($"api/notification-channels/{channelId}/deliveries"))!;

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await hub.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}{hub.Diagnostics}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
