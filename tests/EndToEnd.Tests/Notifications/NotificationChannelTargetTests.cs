using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.EndToEnd.Tests.Security;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>The website address rule over channel URLs: a hub without ALLOW_PRIVATE_TARGETS refuses a webhook on its own network.</summary>
[Collection(HubCollection.Name)]
public sealed class NotificationChannelTargetTests(StrictTargetsHubFixture fixture) : IClassFixture<StrictTargetsHubFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    public async Task PrivateWebhookUrl_400NamingTheSettingAndNothingStored(string url)
    {
        var calls = new NotificationApiCalls(fixture.Hub);
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        var name = $"private-{Guid.NewGuid():N}";

        var (status, problem) = await calls.SendAsync(HttpMethod.Post, "api/notification-channels", new { name, type = "webhook", settings = new { url, secret } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("url is refused", NotificationApiCalls.Errors(problem)["settings.url"], StringComparison.Ordinal);
        var listed = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/notification-channels");
        Assert.DoesNotContain(listed.EnumerateArray(), c => c.GetProperty("name").GetString() == name);
        calls.AssertNoAnswerHolds(secret);
    }

    [Fact]
    public async Task PublicWebhookUrl_Created()
    {
        var calls = new NotificationApiCalls(fixture.Hub);

        var created = await calls.CreateWebhookAsync($"public-{Guid.NewGuid():N}", "https://93.184.216.34/hook", "0123456789abcdef-public");

        await calls.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"api/notification-channels/{created.GetProperty("id").GetGuid()}");
    }
}
