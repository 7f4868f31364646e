using System.Net;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// <c>POST /api/notification-channels/{id}/test</c> of a real hub process (the contract of <c>INotificationTester</c>): a
/// test message reaches a local webhook receiver at once and the answer says what the receiver said.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationChannelTestSendTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task SendTest_ReceiverAccepts_DeliveredWithItsStatus()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var calls = new NotificationApiCalls(Hub);
        var channel = (await calls.CreateWebhookAsync($"tested-{Guid.NewGuid():N}", receiver.HookUrl, "0123456789abcdef-tested")).GetProperty("id").GetGuid();

        var answer = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/notification-channels/{channel}/test");

        Assert.True(answer.GetProperty("delivered").GetBoolean());
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("error").ValueKind);
        Assert.Single(receiver.Deliveries);
    }

    [Fact]
    public async Task SendTest_ReceiverRefuses_NotDeliveredWithItsStatus()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 404;
        var calls = new NotificationApiCalls(Hub);
        var channel = (await calls.CreateWebhookAsync($"refused-{Guid.NewGuid():N}", receiver.HookUrl, "0123456789abcdef-refused")).GetProperty("id").GetGuid();

        var answer = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"api/notification-channels/{channel}/test");

        Assert.False(answer.GetProperty("delivered").GetBoolean());
        Assert.Equal(404, answer.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task SendTest_UnknownChannel_404()
    {
        var id = Guid.NewGuid();

        var (status, problem) = await new NotificationApiCalls(Hub).SendAsync(HttpMethod.Post, $"api/notification-channels/{id}/test");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"notification channel {id} not found", problem.GetProperty("detail").GetString());
    }
}
