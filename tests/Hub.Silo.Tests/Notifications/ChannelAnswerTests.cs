using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Uptime.Hub.Notifications;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>What each HTTP channel makes of a receiver's answer: delivered, retried (with Retry-After) or refused for good.</summary>
public sealed class ChannelAnswerTests
{
    public static TheoryData<string> HttpTypes => ["webhook", "slack", "discord", "teams", "telegram", "ntfy", "pagerduty"];

    [Theory]
    [MemberData(nameof(HttpTypes))]
    public async Task SendAsync_200_Delivered(string type)
    {
        await using var receiver = await Receiver.StartAsync();

        var result = await Samples.Channel(type).SendAsync(Settings(type, receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal(DeliveryResult.Success(200), result);
    }

    [Theory]
    [MemberData(nameof(HttpTypes))]
    public async Task SendAsync_429WithRetryAfterSeconds_RetriedNoSoonerThanThat(string type)
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(429, "slow down", ("Retry-After", "30"));

        var result = await Samples.Channel(type).SendAsync(Settings(type, receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, false, 429, TimeSpan.FromSeconds(30)), (result.Delivered, result.Permanent, result.Status, result.RetryAfter));
        Assert.Contains("429", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_503WithRetryAfterDate_RetriedAfterThatDate()
    {
        await using var receiver = await Receiver.StartAsync();
        var at = DateTimeOffset.UtcNow.AddMinutes(2);
        receiver.Answer = Receiver.Status(503, "", ("Retry-After", at.ToString("R", CultureInfo.InvariantCulture)));

        var result = await Samples.Channel("webhook").SendAsync(Settings("webhook", receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, false, 503), (result.Delivered, result.Permanent, result.Status));
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(408)]
    public async Task SendAsync_ServerErrorOrTimeout_RetriedWithoutRetryAfter(int status)
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(status, "busy");

        var result = await Samples.Channel("slack").SendAsync(Settings("slack", receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, false, status, null as TimeSpan?), (result.Delivered, result.Permanent, result.Status, result.RetryAfter));
    }

    [Theory]
    [MemberData(nameof(HttpTypes))]
    public async Task SendAsync_404_RefusedWithStatusAndBodyExcerpt(string type)
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(404, "no_service\n  this hook was removed" + new string('x', 500));

        var result = await Samples.Channel(type).SendAsync(Settings(type, receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, true, 404), (result.Delivered, result.Permanent, result.Status));
        Assert.Contains("404", result.Error, StringComparison.Ordinal);
        Assert.Contains("no_service this hook was removed", result.Error, StringComparison.Ordinal);
        Assert.InRange(result.Error!.Length, 1, 300);
    }

    [Theory]
    [MemberData(nameof(HttpTypes))]
    public async Task SendAsync_ReceiverEchoesTheRequest_NoSecretInTheError(string type)
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = async context =>
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($"bad request to {context.Request.Path}{context.Request.QueryString} {context.Request.Headers.Authorization} {receiver.Requests[^1].Body}");
        };
        var settings = Settings(type, receiver.Url);

        var result = await Samples.Channel(type).SendAsync(settings, Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.True(result.Permanent);
        foreach (var secret in Samples.Channel(type).SecretFields)
        {
            var value = settings[secret]!.GetValue<string>();
            Assert.DoesNotContain(value, result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(new Uri(value, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } url ? url.PathAndQuery.Trim('/') : value, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_Redirect_NotFollowedAndRefused()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(302, "", ("Location", $"{receiver.Url}/elsewhere"));

        var result = await Samples.Channel("webhook").SendAsync(Settings("webhook", receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, true, 302), (result.Delivered, result.Permanent, result.Status));
        Assert.Single(receiver.Requests);
    }

    [Theory]
    [MemberData(nameof(HttpTypes))]
    public async Task SendAsync_ConnectionRefused_Retried(string type)
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await Samples.Channel(type).SendAsync(Settings(type, url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, false, null as int?), (result.Delivered, result.Permanent, result.Status));
        Assert.Contains("could not be reached", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A receiver on a private address (since the channel was saved, say) is refused when the hub dials it, unless allowed.</summary>
    [Theory]
    [MemberData(nameof(HttpTypes))]
    public async Task SendAsync_PrivateAddressNotAllowed_RefusedBeforeConnecting(string type)
    {
        await using var receiver = await Receiver.StartAsync();

        var result = await Samples.Channel(type, allowPrivateTargets: false)
            .SendAsync(Settings(type, receiver.Url), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, true), (result.Delivered, result.Permanent));
        Assert.Contains("loopback", result.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    /// <summary>Settings of <paramref name="type"/> that send to <paramref name="url"/>.</summary>
    public static JsonObject Settings(string type, string url) => type switch
    {
        "webhook" => new() { ["url"] = $"{url}/hooks/7f3a9c", ["secret"] = "0123456789abcdef-secret" },
        "slack" => new() { ["url"] = $"{url}/services/T000/B000/XXXXXXXXXXXXXXXX" },
        "discord" => new() { ["url"] = $"{url}/api/webhooks/123/tokenABC" },
        "teams" => new() { ["url"] = $"{url}/workflows/abc/triggers/manual/paths/invoke?sig=SIGNATURE" },
        "telegram" => new() { ["botToken"] = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ", ["chatId"] = "-1001234567890", ["apiUrl"] = url },
        "ntfy" => new() { ["url"] = $"{url}/alerts-topic", ["token"] = "tk_secrettoken0123456789" },
        "pagerduty" => new() { ["routingKey"] = "R0UT1NGKEY0123456789abcdefABCDEF", ["apiUrl"] = $"{url}/v2/enqueue" },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
