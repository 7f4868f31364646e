using System.Net;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Chaos;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Uptime.EndToEnd.Tests.Security.AccessHttp;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// Cross-site request forgery: a write authenticated by the session cookie must come from the hub's own page
/// (<c>Sec-Fetch-Site: same-origin</c>, or an <c>Origin</c> equal to the hub's) and declare a JSON body; a write with
/// the admin key in <c>Authorization</c> needs neither, since no browser adds that header by itself.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CrossSiteWriteTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    /// <summary>Stands for the hub's own origin (<c>http://127.0.0.1:port</c>) in the cases below.</summary>
    private const string OwnOrigin = "{hub}";

    private HubProcess Hub => fixture.Hub;

    /// <summary>Session-cookie POSTs the hub must refuse: Origin, Sec-Fetch-Site, Content-Type, status, what the detail says.</summary>
    public static TheoryData<string?, string?, string?, HttpStatusCode, string> RefusedSessionWrites => new()
    {
        { "http://evil.example", null, "text/plain", HttpStatusCode.Forbidden, "Origin http://evil.example is not this hub (127.0.0.1:" },
        { "http://evil.example", null, "application/json", HttpStatusCode.Forbidden, "Origin http://evil.example is not this hub" },
        { "http://127.0.0.1:1", null, "application/json", HttpStatusCode.Forbidden, "Origin http://127.0.0.1:1 is not this hub" },
        { "null", null, "application/json", HttpStatusCode.Forbidden, "Origin null is not this hub" },
        { null, null, "application/json", HttpStatusCode.Forbidden, "has neither Origin nor Sec-Fetch-Site: same-origin" },
        { OwnOrigin, "cross-site", "application/json", HttpStatusCode.Forbidden, "the browser sent Sec-Fetch-Site: cross-site" },
        { OwnOrigin, "same-site", "application/json", HttpStatusCode.Forbidden, "the browser sent Sec-Fetch-Site: same-site" },
        { OwnOrigin, null, "text/plain", HttpStatusCode.UnsupportedMediaType, "must declare Content-Type: application/json; this one has text/plain" },
        { OwnOrigin, null, "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "this one has application/x-www-form-urlencoded" },
        { null, "same-origin", null, HttpStatusCode.UnsupportedMediaType, "this one has none" },
    };

    [Theory]
    [MemberData(nameof(RefusedSessionWrites))]
    public async Task SessionWrite_NotFromTheHubsPageOrNotJson_RefusedWithReasonAndNothingStored(
        string? origin, string? fetchSite, string? contentType, HttpStatusCode expected, string reason)
    {
        using var client = Anonymous(Hub.Http);
        var url = $"https://example.com/csrf-{Guid.NewGuid():N}";

        var (status, body, response) = await SendAsync(client, SessionPost(await LoginAsync(client), url, origin, fetchSite, contentType));

        Assert.True(expected == status, $"answered {(int)status}, expected {(int)expected}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, body!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(url, await Hub.Http.GetStringAsync("api/websites?limit=1000"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OwnOrigin, null)]
    [InlineData(null, "same-origin")]
    [InlineData(OwnOrigin, "same-origin")]
    public async Task SessionWrites_FromTheHubsPageWithJson_CreatePatchDelete(string? origin, string? fetchSite)
    {
        using var client = Anonymous(Hub.Http);
        var cookie = await LoginAsync(client);

        var (created, website, _) = await SendAsync(
            client, SessionPost(cookie, "https://example.com/same-origin", origin, fetchSite, "application/json"));
        var id = website!.Value.GetProperty("id").GetGuid();
        var (patched, _, _) = await SendAsync(client, SessionRequest(HttpMethod.Patch, $"api/websites/{id}", cookie, origin, fetchSite, """{"interval":60}"""));
        var (deleted, _, _) = await SendAsync(client, SessionRequest(HttpMethod.Delete, $"api/websites/{id}", cookie, origin, fetchSite, json: null));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent), (created, patched, deleted));
    }

    [Fact]
    public async Task SessionWrite_ThroughDeployNginx_OriginMatchesTheHostItPassesOn()
    {
        await using var nginx = await NginxProcess.StartAsync([Hub.Port]);
        using var client = Anonymous(nginx.Http);

        var (created, body, _) = await SendAsync(
            client, Request(HttpMethod.Post, "api/websites", WebsiteBody, cookie: await LoginAsync(client), origin: OriginOf(nginx.Http)));

        Assert.True(created == HttpStatusCode.Created, $"answered {(int)created} through nginx: {body}");
    }

    [Fact]
    public async Task BearerWrites_ForeignOriginAndPlainText_Unaffected()
    {
        using var client = Anonymous(Hub.Http);
        using var post = Request(HttpMethod.Post, "api/websites", bearer: HubProcess.AdminKey, origin: "http://evil.example");
        post.Content = new StringContent("""{"url":"https://example.com/bearer-plain","interval":30}""", Encoding.UTF8, "text/plain");
        post.Headers.Add("Sec-Fetch-Site", "cross-site");

        var (created, website, _) = await SendAsync(client, post);
        var id = website!.Value.GetProperty("id").GetGuid();
        var (deleted, _, _) = await SendAsync(client, Request(HttpMethod.Delete, $"api/websites/{id}", bearer: HubProcess.AdminKey, origin: "http://evil.example"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.NoContent), (created, deleted));
    }

    private async Task<string> LoginAsync(HttpClient client)
    {
        var (status, _, response) = await SendAsync(client, Request(HttpMethod.Post, "api/session", JsonSerializer.Serialize(new { key = HubProcess.AdminKey })));
        Assert.Equal(HttpStatusCode.NoContent, status);
        return CookiePair(SessionSetCookie(response));
    }

    private HttpRequestMessage SessionPost(string cookie, string url, string? origin, string? fetchSite, string? contentType)
    {
        var request = SessionRequest(HttpMethod.Post, "api/websites", cookie, origin, fetchSite, json: null);
        request.Content = new StringContent(JsonSerializer.Serialize(new { url, interval = 30 }), Encoding.UTF8);
        request.Content.Headers.ContentType = contentType is null ? null : new(contentType);
        return request;
    }

    /// <summary>A request with the session cookie, <c>Origin</c> (<see cref="OwnOrigin"/> for the hub's own) and <c>Sec-Fetch-Site</c> when given.</summary>
    private HttpRequestMessage SessionRequest(HttpMethod method, string path, string cookie, string? origin, string? fetchSite, string? json)
    {
        var request = Request(method, path, json, cookie: cookie, origin: origin == OwnOrigin ? OriginOf(Hub.Http) : origin);
        if (method == HttpMethod.Delete)
        {
            // The dashboard declares JSON on every write, a bodiless DELETE included.
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = new("application/json");
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return request;
    }
}
