using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Hub.Access;
using static Uptime.EndToEnd.Tests.Security.AccessHttp;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// Access control of a production hub with an admin key configured and public reads (the test default): writes need
/// the key or a login session, cookies are HttpOnly and SameSite=Strict, forged and expired sessions are refused,
/// CORS stays closed, HTML pages carry security headers.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ApiAccessTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Write_WithoutKey_401WithBearerChallengeAndProblem()
    {
        using var client = Anonymous(Hub.Http);

        var (status, body, response) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("An admin key is required", body!.Value.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Write_WrongKey_401InvalidToken()
    {
        using var client = Anonymous(Hub.Http);

        var (status, body, response) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: "not-the-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("The admin key is not valid.", body!.Value.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Writes_RightKey_CreatePatchDelete()
    {
        using var client = Anonymous(Hub.Http);

        var (created, body, _) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: HubProcess.AdminKey));
        var id = body!.Value.GetProperty("id").GetGuid();
        var (patched, _, _) = await SendAsync(client, Request(HttpMethod.Patch, $"api/websites/{id}", """{"interval":60}""", bearer: HubProcess.AdminKey));
        var (deleteWithoutKey, _, _) = await SendAsync(client, Request(HttpMethod.Delete, $"api/websites/{id}"));
        var (deleted, _, _) = await SendAsync(client, Request(HttpMethod.Delete, $"api/websites/{id}", bearer: HubProcess.AdminKey));

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteWithoutKey);
        Assert.Equal(HttpStatusCode.NoContent, deleted);
    }

    [Theory]
    [InlineData("api/websites")]
    [InlineData("api/validators")]
    [InlineData("api/dashboard")]
    [InlineData("metrics")]
    [InlineData("dashboard/")]
    [InlineData("healthz")]
    public async Task Read_PublicAccess_OpenWithoutKey(string path)
    {
        using var client = Anonymous(Hub.Http);

        var (status, _, _) = await SendAsync(client, Request(HttpMethod.Get, path));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Events_PublicAccess_StreamsWithoutKey()
    {
        using var client = Anonymous(Hub.Http);
        using var response = await client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Session_LoginWriteLogout_CookieHttpOnlyStrictAndUsableForWrites()
    {
        using var client = Anonymous(Hub.Http);

        var (before, state, _) = await SendAsync(client, Request(HttpMethod.Get, "api/session"));
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.False(state!.Value.GetProperty("authenticated").GetBoolean());
        Assert.Equal("public", state.Value.GetProperty("readAccess").GetString());
        Assert.False(state.Value.GetProperty("writesOpen").GetBoolean());

        var (login, _, loginResponse) = await SendAsync(client, Request(HttpMethod.Post, "api/session", $$"""{"key":"{{HubProcess.AdminKey}}"}"""));
        Assert.Equal(HttpStatusCode.NoContent, login);
        var setCookie = SessionSetCookie(loginResponse);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=43200", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase); // plain http here
        var cookie = CookiePair(setCookie);

        var (after, loggedIn, _) = await SendAsync(client, Request(HttpMethod.Get, "api/session", cookie: cookie));
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.True(loggedIn!.Value.GetProperty("authenticated").GetBoolean());
        var (created, _, _) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: cookie, origin: OriginOf(Hub.Http)));
        Assert.Equal(HttpStatusCode.Created, created);

        var (logout, _, logoutResponse) = await SendAsync(client, Request(HttpMethod.Delete, "api/session", cookie: cookie));
        Assert.Equal(HttpStatusCode.NoContent, logout);
        Assert.Contains("expires=Thu, 01 Jan 1970", SessionSetCookie(logoutResponse), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Session_WrongKey_401AndNoCookie()
    {
        using var client = Anonymous(Hub.Http);

        var (status, _, response) = await SendAsync(client, Request(HttpMethod.Post, "api/session", """{"key":"guess"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Session_ForgedOrExpiredCookie_Refused()
    {
        using var client = Anonymous(Hub.Http);
        var (login, _, loginResponse) = await SendAsync(client, Request(HttpMethod.Post, "api/session", $$"""{"key":"{{HubProcess.AdminKey}}"}"""));
        Assert.Equal(HttpStatusCode.NoContent, login);
        var genuine = CookiePair(SessionSetCookie(loginResponse))["uptime_session=".Length..];
        var fingerprint = genuine.Split('.')[0];
        var signer = new SessionTokens(await Hub.Database.SessionSecretAsync());
        var parts = genuine.Split('.');
        var cookies = new Dictionary<string, string>
        {
            ["longer expiry, same signature"] = $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 86_400}.{parts[2]}",
            ["signed with another secret"] = new SessionTokens(new byte[32]).Issue(fingerprint, DateTimeOffset.UtcNow.AddHours(1)),
            ["expired, signed with the hub's secret"] = signer.Issue(fingerprint, DateTimeOffset.UtcNow.AddSeconds(-1)),
            ["unknown key, signed with the hub's secret"] = signer.Issue("0123456789abcdef", DateTimeOffset.UtcNow.AddHours(1)),
            ["garbage"] = "x",
        };

        foreach (var (name, value) in cookies)
        {
            var (status, body, _) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: $"uptime_session={value}", origin: OriginOf(Hub.Http)));
            Assert.True(status == HttpStatusCode.Unauthorized, $"{name}: {(int)status}");
            Assert.Equal("The session has expired or is not valid; log in again.", body!.Value.GetProperty("detail").GetString());
        }

        var session = $"uptime_session={signer.Issue(fingerprint, DateTimeOffset.UtcNow.AddMinutes(5))}";
        var (valid, _, _) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: session, origin: OriginOf(Hub.Http)));
        Assert.Equal(HttpStatusCode.Created, valid);
    }

    [Fact]
    public async Task Cors_NoOriginConfigured_PreflightGetsNoCorsHeaders()
    {
        using var client = Anonymous(Hub.Http);
        using var preflight = Request(HttpMethod.Options, "api/websites");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var get = Request(HttpMethod.Get, "api/websites");
        get.Headers.Add("Origin", "https://evil.example");

        var (_, _, preflightResponse) = await SendAsync(client, preflight);
        var (status, _, getResponse) = await SendAsync(client, get);

        Assert.DoesNotContain(preflightResponse.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(getResponse.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task DashboardPage_SecurityHeaders()
    {
        using var client = Anonymous(Hub.Http);

        var (status, _, response) = await SendAsync(client, Request(HttpMethod.Get, "/"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SecurityHeaders.StrictPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task ApiResponse_NosniffWithoutPagePolicy()
    {
        using var client = Anonymous(Hub.Http);

        var (_, _, response) = await SendAsync(client, Request(HttpMethod.Get, "api/websites"));

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task WebSocketGateway_StillAcceptsUpgradesAtRootAndWs()
    {
        await using var root = await HubClient.ConnectAsync(Hub, "/");
        await using var ws = await HubClient.ConnectAsync(Hub, "/ws");

        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, root.State);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, ws.State);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
