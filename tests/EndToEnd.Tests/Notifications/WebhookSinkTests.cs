using System.Net;
using System.Text;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>The webhook sink the notification retry, storm and chaos tests deliver to: its script, its outage, its tally.</summary>
public sealed class WebhookSinkTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private WebhookSink _sink = null!;

    public async Task InitializeAsync() => _sink = await WebhookSink.StartAsync();

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task AnswerNext_ThreeFailures_ThenAccepted()
    {
        _sink.AnswerNext(3, 500);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostAsync("hook", "same-key", $$"""{"attempt":{{i}}}""");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
        Assert.Equal(new DeliveryTally(Requests: 4, Accepted: 1, DistinctKeys: 1, Duplicates: 0, WithoutKey: 0), _sink.Tally());
        Assert.Equal("""{"attempt":3}""", _sink.Requests[^1].Body);
        Assert.Equal("/hook", _sink.Requests[^1].Path);
    }

    [Fact]
    public async Task AnswerNext_TooManyRequestsWithRetryAfter_HeaderInWholeSeconds()
    {
        _sink.AnswerNext(1, 429, TimeSpan.FromSeconds(1.5));

        using var response = await PostAsync("hook", "k", "{}");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Tally_SameKeyAcceptedTwiceAndOneWithoutKey_CountedApart()
    {
        (await PostAsync("hook", "a", "{}")).Dispose();
        (await PostAsync("hook", "a", "{}")).Dispose();
        (await PostAsync("hook", "b", "{}")).Dispose();
        (await PostAsync("hook", null, "{}")).Dispose();

        Assert.Equal(new DeliveryTally(Requests: 4, Accepted: 4, DistinctKeys: 2, Duplicates: 1, WithoutKey: 1), _sink.Tally());
    }

    [Fact]
    public async Task StopAsync_ConnectionsRefusedUntilStartedAgainOnTheSameUrl()
    {
        await _sink.StopAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("hook", "down", "{}"));

        await _sink.StartAgainAsync();
        using var response = await PostAsync("hook", "back", "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("back", Assert.Single(await _sink.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(5))).DeliveryKey);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string? key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _sink.Url(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(WebhookSink.DeliveryHeader, key);
        }

        return _http.SendAsync(request);
    }
}
