using System.Net;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// A website's optional name and tags through the REST API of a real hub process: stored, answered by every read,
/// refused field by field with nothing written, cleared, and filtering the lists by tag.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class WebsiteNameAndTagsApiTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private const string TagRule = "1 to 50 characters of a-z, 0-9, '.', '_' and '-' (upper case is lower-cased)";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Post_NameAndTags_AnsweredByGetListAndDashboard()
    {
        var tag = UniqueTag();
        var url = $"https://example.com/named-{tag}";

        using var created = await SendAsync(
            HttpMethod.Post, "api/websites", $$"""{"url":"{{url}}","interval":3600,"name":"  Shop checkout ","tags":["{{tag.ToUpperInvariant()}}","edge","{{tag}}"]}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = AssertNamed(await ReadAsync(created), "Shop checkout", [tag, "edge"]);
        AssertNamed(await GetAsync($"api/websites/{id}"), "Shop checkout", [tag, "edge"]);
        var listed = Assert.Single((await GetAsync($"api/websites?tag={tag}")).EnumerateArray());
        Assert.Equal(id, AssertNamed(listed, "Shop checkout", [tag, "edge"]));
        var row = Assert.Single((await GetAsync($"api/dashboard?q={tag}")).GetProperty("websites").EnumerateArray());
        Assert.Equal(id, AssertNamed(row, "Shop checkout", [tag, "edge"]));
    }

    [Fact]
    public async Task Post_UrlAndIntervalOnly_NoNameAndNoTags()
    {
        var id = (await Hub.CreateWebsiteAsync($"https://example.com/plain-{UniqueTag()}", 3600)).GetProperty("id").GetGuid();

        var website = await GetAsync($"api/websites/{id}");

        Assert.Equal(JsonValueKind.Null, website.GetProperty("name").ValueKind);
        Assert.Empty(website.GetProperty("tags").EnumerateArray());
    }

    public static TheoryData<string, string, string> BadValues { get; } = new()
    {
        { "\"name\":\"\"", "name", "name must be null (no name) or a string of 1 to 200 characters without control characters" },
        { "\"name\":\"tab\\there\"", "name", "name must be null (no name) or a string of 1 to 200 characters without control characters" },
        { $"\"name\":\"{new string('n', 201)}\"", "name", "name must be null (no name) or a string of 1 to 200 characters without control characters" },
        { "\"name\":7", "name", "name must be null (no name) or a string of 1 to 200 characters without control characters" },
        { "\"tags\":\"prod\"", "tags", $"tags must be an array of at most 20 tags, each {TagRule}" },
        { "\"tags\":[\"ok\",\"not ok\"]", "tags", $"tags must be an array of at most 20 tags, each {TagRule}; item 1 is not" },
        { $"\"tags\":[\"{new string('t', 51)}\"]", "tags", $"tags must be an array of at most 20 tags, each {TagRule}; item 0 is not" },
        { $"\"tags\":[{string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"t{i}\""))}]", "tags", $"tags must be an array of at most 20 tags, each {TagRule}" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Post_BadNameOrTags_BadRequestNamingTheFieldNothingStored(string field, string name, string message)
    {
        var marker = UniqueTag();

        using var response = await SendAsync(HttpMethod.Post, "api/websites", $$"""{"url":"https://example.com/refused-{{marker}}","interval":3600,{{field}}}""");

        await AssertProblemAsync(response, name, message);
        Assert.Equal(0, (await GetAsync($"api/dashboard?q={marker}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Patch_BadNameOrTags_BadRequestNamingTheFieldNothingChanged(string field, string name, string message)
    {
        var id = await CreateNamedAsync("Before", ["before"]);

        using var response = await SendAsync(HttpMethod.Patch, $"api/websites/{id}", $$"""{"interval":60,{{field}}}""");

        await AssertProblemAsync(response, name, message);
        var website = await GetAsync($"api/websites/{id}");
        AssertNamed(website, "Before", ["before"]);
        Assert.Equal(3600, website.GetProperty("interval").GetInt32());
    }

    [Fact]
    public async Task Patch_NameNull_NameClearedTagsKept()
    {
        var id = await CreateNamedAsync("Going", ["kept"]);

        using var response = await SendAsync(HttpMethod.Patch, $"api/websites/{id}", """{"name":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNamed(await ReadAsync(response), null, ["kept"]);
        AssertNamed(await GetAsync($"api/websites/{id}"), null, ["kept"]);
    }

    [Fact]
    public async Task Patch_NewNameAndEmptyTags_NameReplacedTagsCleared()
    {
        var id = await CreateNamedAsync("Old", ["old"]);

        using var response = await SendAsync(HttpMethod.Patch, $"api/websites/{id}", """{"name":"New","tags":[]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNamed(await GetAsync($"api/websites/{id}"), "New", []);
    }

    [Fact]
    public async Task Patch_OtherFieldsOnly_NameAndTagsKept()
    {
        var id = await CreateNamedAsync("Stays", ["stays"]);

        using var response = await SendAsync(HttpMethod.Patch, $"api/websites/{id}", """{"interval":120}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNamed(await GetAsync($"api/websites/{id}"), "Stays", ["stays"]);
    }

    [Fact]
    public async Task TagFilter_ListAndDashboard_OnlyWebsitesCarryingItInAnyCase()
    {
        var tag = UniqueTag();
        var first = await CreateNamedAsync("First", [tag, "shared"]);
        var second = await CreateNamedAsync("Second", ["shared", tag]);
        await CreateNamedAsync("Other", ["shared"]);

        var listed = (await GetAsync($"api/websites?tag={tag.ToUpperInvariant()}")).EnumerateArray().Select(Id);
        var dashboard = await GetAsync($"api/dashboard?tag={tag}&sort=url");

        Assert.Equal([first, second], listed);
        Assert.Equal(2, dashboard.GetProperty("total").GetInt32());
        Assert.Equal(new[] { first, second }.Order(), dashboard.GetProperty("websites").EnumerateArray().Select(Id).Order());
        Assert.Empty((await GetAsync($"api/websites?tag={tag}x")).EnumerateArray());
    }

    [Fact]
    public async Task DashboardSearch_MatchesTheName()
    {
        var marker = UniqueTag();
        var id = await CreateNamedAsync($"Billing {marker}", []);

        var dashboard = await GetAsync($"api/dashboard?q=BILLING%20{marker}");

        Assert.Equal([id], dashboard.GetProperty("websites").EnumerateArray().Select(Id));
    }

    [Theory]
    [InlineData("api/websites?tag=not%20a%20tag")]
    [InlineData("api/websites?tag=")]
    [InlineData("api/dashboard?tag=a/b")]
    public async Task TagFilter_NoTag_BadRequestNamingIt(string path)
    {
        using var response = await Hub.Http.GetAsync(path);

        await AssertProblemAsync(response, "tag", $"tag must be {TagRule}");
    }

    private static string UniqueTag() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static Guid Id(JsonElement website) => website.GetProperty("id").GetGuid();

    private static Guid AssertNamed(JsonElement website, string? name, string[] tags)
    {
        Assert.Equal(name, website.GetProperty("name").GetString());
        Assert.Equal(tags, website.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        return Id(website);
    }

    private async Task<Guid> CreateNamedAsync(string name, string[] tags)
    {
        var body = JsonSerializer.Serialize(new { url = $"https://example.com/{UniqueTag()}", interval = 3600, name, tags });
        using var response = await SendAsync(HttpMethod.Post, "api/websites", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Id(await ReadAsync(response));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string json) =>
        Hub.Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Hub.Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync(response);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private async Task AssertProblemAsync(HttpResponseMessage response, string field, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}{Hub.Diagnostics}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal(message, errors.GetProperty(field)[0].GetString());
    }
}
