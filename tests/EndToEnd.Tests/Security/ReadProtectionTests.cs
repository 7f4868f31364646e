using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Uptime.EndToEnd.Tests.Security.AccessHttp;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// A hub with <c>HUB_READ_ACCESS=key</c>, one CORS origin and a write limit of 3 per minute: the read API, the event
/// stream, metrics and the Orleans Dashboard need the key or a session; health, the page shell and login stay public.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ReadProtectionTests(ProtectedHubFixture fixture) : IClassFixture<ProtectedHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Theory]
    [InlineData("api/websites")]
    [InlineData("api/validators")]
    [InlineData("api/dashboard")]
    [InlineData("api/stats")]
    [InlineData("api/events")]
    [InlineData("api/incidents")]
    [InlineData("metrics")]
    [InlineData("dashboard/")]
    public async Task Read_WithoutKey_401(string path)
    {
        using var client = Anonymous(Hub.Http);

        var (status, _, response) = await SendAsync(client, Request(HttpMethod.Get, path));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("api/websites")]
    [InlineData("api/stats")]
    [InlineData("metrics")]
    [InlineData("dashboard/")]
    public async Task Read_WithKey_200(string path)
    {
        using var client = Anonymous(Hub.Http);

        var (status, _, _) = await SendAsync(client, Request(HttpMethod.Get, path, bearer: HubProcess.AdminKey));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Events_WithSessionCookie_Streams()
    {
        using var client = Anonymous(Hub.Http);
        var (_, _, login) = await SendAsync(client, Request(HttpMethod.Post, "api/session", $$"""{"key":"{{HubProcess.AdminKey}}"}"""));
        using var request = Request(HttpMethod.Get, "api/events", cookie: CookiePair(SessionSetCookie(login)));

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    [InlineData("/")]
    [InlineData("app.js")]
    [InlineData("api/session")]
    public async Task PublicPaths_WithoutKey_200(string path)
    {
        using var client = Anonymous(Hub.Http);

        var (status, _, _) = await SendAsync(client, Request(HttpMethod.Get, path));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Session_ReportsKeyReadAccess()
    {
        using var client = Anonymous(Hub.Http);

        var (_, body, _) = await SendAsync(client, Request(HttpMethod.Get, "api/session"));

        Assert.Equal("key", body!.Value.GetProperty("readAccess").GetString());
        Assert.False(body.Value.GetProperty("authenticated").GetBoolean());
    }

    [Theory]
    [InlineData(ProtectedHubFixture.AllowedOrigin, true)]
    [InlineData("https://evil.example", false)]
    public async Task Cors_Preflight_AllowsExactlyTheConfiguredOrigin(string origin, bool allowed)
    {
        using var client = Anonymous(Hub.Http);
        var preflight = Request(HttpMethod.Options, "api/websites");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var (_, _, response) = await SendAsync(client, preflight);

        var allowOrigin = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        Assert.Equal(allowed ? origin : null, allowOrigin);
    }

    [Fact]
    public async Task Writes_OverTheLimit_429WithRetryAfterAndProblem()
    {
        using var client = Anonymous(Hub.Http);
        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        System.Text.Json.JsonElement? problem = null;

        for (var i = 0; i <= ProtectedHubFixture.WritesPerMinute; i++)
        {
            var (status, body, response) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: HubProcess.AdminKey));
            answers.Add(status);
            (refused, problem) = (response, body);
        }

        Assert.Equal(
            [HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests],
            answers);
        var retryAfter = refused!.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {retryAfter}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, problem!.Value.GetProperty("status").GetInt32());
    }
}
