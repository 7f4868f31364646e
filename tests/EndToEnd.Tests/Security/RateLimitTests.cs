using System.Net;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Hub.Access;
using static Uptime.EndToEnd.Tests.Security.AccessHttp;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// The API's rate limits keep failed authentication apart from authenticated traffic: an abuser failing from the
/// admin's own address is throttled, while the admin's key and session keep working there; writes with a valid key are
/// limited per key. Each test speaks from an address of its own (X-Forwarded-For from the trusted 127.0.0.1).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RateLimitTests(RateLimitedHubFixture fixture) : IClassFixture<RateLimitedHubFixture>
{
    private const int FailuresPerMinute = ApiRateLimits.AuthFailuresPerMinute;

    private HubProcess Hub => fixture.Hub;

    private static IReadOnlyList<string> Keys => RateLimitedHubFixture.Keys;

    [Fact]
    public async Task FailedAuthentication_OverTheLimit_429ForFailuresWhileTheKeyAndSessionFromTheSameAddressStillWrite()
    {
        const string Address = "203.0.113.10";
        using var client = Anonymous(Hub.Http);
        var session = await LoginAsync(client, Address, Keys[0]);
        var (created, website, _) = await SendFromAsync(client, Address, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: Keys[0]));
        Assert.Equal(HttpStatusCode.Created, created);
        var id = website!.Value.GetProperty("id").GetGuid();

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < FailuresPerMinute; i++)
        {
            var attempt = i % 2 == 0
                ? Request(HttpMethod.Delete, $"api/websites/{id}", bearer: $"guess-{i}")
                : Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: "uptime_session=forged", origin: OriginOf(Hub.Http));
            failures.Add((await SendFromAsync(client, Address, attempt)).Status);
        }

        var (throttled, problem, response) = await SendFromAsync(client, Address, Request(HttpMethod.Delete, $"api/websites/{id}", bearer: "one-more-guess"));
        var (patched, _, _) = await SendFromAsync(client, Address, Request(HttpMethod.Patch, $"api/websites/{id}", """{"interval":60}""", bearer: Keys[0]));
        var (sessionWrite, _, _) = await SendFromAsync(client, Address, Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: session, origin: OriginOf(Hub.Http)));

        Assert.All(failures, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled);
        AssertRetryAfter(response);
        Assert.Equal("Too many failed authentication attempts", problem!.Value.GetProperty("title").GetString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), (patched, sessionWrite));
    }

    [Fact]
    public async Task WrongLogins_OverTheLimit_429WhileTheRightKeyStillLogsInFromTheSameAddress()
    {
        const string Address = "203.0.113.20";
        using var client = Anonymous(Hub.Http);

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < FailuresPerMinute; i++)
        {
            wrong.Add((await SendFromAsync(client, Address, LoginRequest($"wrong-{i}"))).Status);
        }

        var (throttled, problem, response) = await SendFromAsync(client, Address, LoginRequest("wrong-again"));
        var session = await LoginAsync(client, Address, Keys[1]);
        var (created, _, _) = await SendFromAsync(client, Address, Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: session, origin: OriginOf(Hub.Http)));

        Assert.All(wrong, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled);
        AssertRetryAfter(response);
        Assert.Equal("Too many failed authentication attempts", problem!.Value.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Created, created);
    }

    [Fact]
    public async Task ValidKeyWrites_LimitedPerKeyNotPerAddress()
    {
        const string Address = "203.0.113.30";
        using var client = Anonymous(Hub.Http);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedHubFixture.WritesPerMinute; i++)
        {
            answers.Add((await SendFromAsync(client, Address, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: Keys[2]))).Status);
        }

        var (otherKey, _, _) = await SendFromAsync(client, Address, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: Keys[1]));
        var (sameKeyElsewhere, problem, response) = await SendFromAsync(client, "203.0.113.31", Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: Keys[2]));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.Created, otherKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameKeyElsewhere);
        AssertRetryAfter(response);
        Assert.Contains("HUB_API_WRITES_PER_MINUTE", problem!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedSessionWrites_SpendNoWriteBudget()
    {
        const string Address = "203.0.113.40";
        using var client = Anonymous(Hub.Http);
        var session = await LoginAsync(client, Address, Keys[3]);

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedHubFixture.WritesPerMinute; i++)
        {
            // What a page on a sibling subdomain could make the admin's browser send: the SameSite=Strict cookie comes along.
            var crossSite = Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: session, origin: "http://sibling.127.0.0.1.example");
            crossSite.Headers.Add("Sec-Fetch-Site", "same-site");
            refused.Add((await SendFromAsync(client, Address, crossSite)).Status);
        }

        var (created, _, _) = await SendFromAsync(client, Address, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: Keys[3]));

        Assert.All(refused, status => Assert.Equal(HttpStatusCode.Forbidden, status));
        Assert.Equal(HttpStatusCode.Created, created);
    }

    private static HttpRequestMessage LoginRequest(string key) =>
        Request(HttpMethod.Post, "api/session", JsonSerializer.Serialize(new { key }));

    private static async Task<string> LoginAsync(HttpClient client, string address, string key)
    {
        var (status, _, response) = await SendFromAsync(client, address, LoginRequest(key));
        Assert.Equal(HttpStatusCode.NoContent, status);
        return CookiePair(SessionSetCookie(response));
    }

    /// <summary>Sends <paramref name="request"/> as if from <paramref name="address"/>, which the hub's trusted proxy forwards.</summary>
    private static Task<(HttpStatusCode Status, JsonElement? Body, HttpResponseMessage Response)> SendFromAsync(
        HttpClient client, string address, HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", address);
        return SendAsync(client, request);
    }

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {retryAfter}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
