using System.Net;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// <c>GET /api/dashboard</c> of a real hub process: a page of websites, how many match, the counts per status and the
/// validators. Each test scopes its websites with its own URL text (<c>q</c>), since the hub is shared.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RestApiDashboardTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    private HttpClient Http => Hub.Http;

    [Fact]
    public async Task Dashboard_NoParameters_FirstPageOfAHundredWithTotalCountsAndValidators()
    {
        await CreateAsync("no-parameters", 2);

        using var body = await GetAsync("api/dashboard");

        var root = body.RootElement;
        Assert.Equal(100, root.GetProperty("limit").GetInt32());
        Assert.Equal(0, root.GetProperty("offset").GetInt32());
        var total = root.GetProperty("total").GetInt32();
        Assert.True(total >= 2, $"total {total}");
        Assert.Equal(Math.Min(total, 100), root.GetProperty("websites").GetArrayLength());
        var counts = root.GetProperty("counts");
        Assert.Equal(["Down", "Degraded", "Maintenance", "Unknown", "Up", "Paused"], counts.EnumerateObject().Select(p => p.Name));
        Assert.Equal(total, counts.EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("validators").ValueKind);
        var website = root.GetProperty("websites")[0];
        foreach (var field in new[] { "id", "url", "interval", "enabled", "status", "uptime", "recent" })
        {
            Assert.True(website.TryGetProperty(field, out _), $"a website lacks \"{field}\": {website}");
        }
    }

    [Fact]
    public async Task Dashboard_LimitOffsetAndSortByUrl_PagesTheMatchingWebsites()
    {
        var urls = await CreateAsync("paged", 5);

        using var first = await GetAsync("api/dashboard?q=paged&sort=url&limit=2");
        using var last = await GetAsync("api/dashboard?q=PAGED&sort=url&limit=2&offset=4");
        using var descending = await GetAsync("api/dashboard?q=paged&sort=url&order=desc&limit=2");

        Assert.Equal(urls[..2], Urls(first));
        Assert.Equal(urls[4..], Urls(last));
        Assert.Equal([urls[4], urls[3]], Urls(descending));
        Assert.All([first, last, descending], page => Assert.Equal(5, page.RootElement.GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task Dashboard_StatusPaused_OnlyThePausedWebsiteAndItIsCounted()
    {
        var urls = await CreateAsync("pausing", 3);
        using var all = await GetAsync("api/dashboard?q=pausing&sort=url");
        var id = all.RootElement.GetProperty("websites")[1].GetProperty("id").GetGuid();
        using (var patched = await Http.PatchAsync($"api/websites/{id}", new StringContent("""{"enabled":false}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using var paused = await GetAsync("api/dashboard?q=pausing&status=paused");
        using var unknown = await GetAsync("api/dashboard?q=pausing&status=Unknown&sort=url");

        Assert.Equal([urls[1]], Urls(paused));
        Assert.Equal(1, paused.RootElement.GetProperty("total").GetInt32());
        Assert.True(paused.RootElement.GetProperty("counts").GetProperty("Paused").GetInt32() >= 1);
        Assert.Equal([urls[0], urls[2]], Urls(unknown));
    }

    [Theory]
    [InlineData("limit=0", "limit", "limit must be a whole number between 1 and 1000")]
    [InlineData("limit=1001", "limit", "limit must be a whole number between 1 and 1000")]
    [InlineData("offset=-1", "offset", "offset must be a whole number between 0 and 2147483647")]
    [InlineData("offset=x", "offset", "offset must be a whole number between 0 and 2147483647")]
    [InlineData("status=Sleeping", "status", "status must be one of Down, Degraded, Maintenance, Unknown, Up, Paused")]
    [InlineData("sort=latency", "sort", "sort must be one of status, url")]
    [InlineData("order=up", "order", "order must be one of asc, desc")]
    public async Task Dashboard_BadParameter_ProblemDetailsWithItsMessage(string query, string field, string message)
    {
        using var response = await Http.GetAsync($"api/dashboard?{query}");

        await AssertProblemAsync(response, field, message);
    }

    [Fact]
    public async Task Dashboard_SearchTextOver2048Characters_ProblemDetails()
    {
        using var response = await Http.GetAsync($"api/dashboard?q={new string('a', 2049)}");

        await AssertProblemAsync(response, "q", "q must be at most 2048 characters");
    }

    private async Task<string[]> CreateAsync(string name, int count)
    {
        var urls = Enumerable.Range(1, count).Select(i => $"http://127.0.0.1:9/{name}/{i}").ToArray();
        foreach (var url in urls)
        {
            await Hub.CreateWebsiteAsync(url, 3600);
        }

        return urls;
    }

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private static string[] Urls(JsonDocument page) =>
        [.. page.RootElement.GetProperty("websites").EnumerateArray().Select(w => w.GetProperty("url").GetString()!)];

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal([message], problem.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
    }
}
