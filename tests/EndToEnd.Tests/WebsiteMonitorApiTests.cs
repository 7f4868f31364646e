using System.Net;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// Monitor types and check definitions through the REST API of a real hub process: stored and answered by every read in
/// their canonical form, changed and cleared by PATCH, and refused field by field with nothing written.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class WebsiteMonitorApiTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private const string KeywordCheck =
        """{"method":"GET","headers":{"Accept":"text/html"},"body":null,"statusCodes":["200-399"],"followRedirects":true,"maxRedirects":5,"timeoutSeconds":10,"maxBodyBytes":65536,"assertions":[{"source":"body","operator":"contains","value":"Welcome"}]}""";

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Post_HttpCheck_GetAndListAnswerTypeAndCanonicalCheck()
    {
        var marker = Marker();

        using var created = await SendAsync(HttpMethod.Post, "api/websites", $$$"""
            {"url":"https://example.com/{{{marker}}}","interval":3600,"tags":["{{{marker}}}"],
             "check":{"assertions":[{"source":"body","operator":"contains","value":"Welcome"}],"headers":{"Accept":"text/html"} } }
            """);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = AssertMonitor(await ReadAsync(created), "http", KeywordCheck);
        AssertMonitor(await GetAsync($"api/websites/{id}"), "http", KeywordCheck);
        AssertMonitor(Assert.Single((await GetAsync($"api/websites?tag={marker}")).EnumerateArray()), "http", KeywordCheck);
    }

    [Fact]
    public async Task Post_UrlOnly_PlainHttpWithNullCheck()
    {
        var id = (await Hub.CreateWebsiteAsync($"https://example.com/{Marker()}", 3600)).GetProperty("id").GetGuid();

        AssertMonitor(await GetAsync($"api/websites/{id}"), "http", null);
    }

    [Theory]
    [InlineData("""{"type":"tcp","url":"tcp://127.0.0.1:6379","check":{"send":"PING\r\n","expect":"+PONG"}}""", "tcp", "tcp://127.0.0.1:6379", """{"send":"PING\r\n","expect":"+PONG","timeoutSeconds":10}""")]
    [InlineData("""{"type":"tcp","url":"tcp://db.example.com:5432"}""", "tcp", "tcp://db.example.com:5432", null)]
    [InlineData("""{"type":"dns","url":"dns://example.com","check":{"recordType":"MX","expected":"mail.example.com"}}""", "dns", "dns://example.com", """{"recordType":"MX","server":null,"expected":"mail.example.com","timeoutSeconds":10}""")]
    [InlineData("""{"type":"push","check":{"graceSeconds":300}}""", "push", null, """{"graceSeconds":300}""")]
    [InlineData("""{"type":"push","check":{}}""", "push", null, null)]
    public async Task Post_OtherTypes_StoredAndAnswered(string body, string type, string? url, string? check)
    {
        using var created = await SendAsync(HttpMethod.Post, "api/websites", body);

        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST answered {(int)created.StatusCode}: {text}");
        var id = AssertMonitor(await ReadAsync(created), type, check);
        var website = await GetAsync($"api/websites/{id}");
        AssertMonitor(website, type, check);
        Assert.Equal(url ?? $"push://{id}", website.GetProperty("url").GetString());
    }

    public static TheoryData<string, string, string> BadBodies { get; } = new()
    {
        { """{"url":"https://example.com/x","check":{"method":"FETCH"}}""", "check", "check.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (upper case)" },
        { """{"url":"https://example.com/x","check":{"headers":{"X-A":"1\r\nX-Injected: 1"}}}""", "check", "check.headers.X-A contains CR, LF or NUL (header injection)" },
        { """{"url":"https://example.com/x","check":{"headers":{"Host":"internal"}}}""", "check", "check.headers.Host cannot be set: the HTTP client sets it (Host, Content-Length, Transfer-Encoding, Connection, Keep-Alive, Upgrade, TE, Trailer, Expect, Proxy-Connection are refused)" },
        { """{"url":"https://example.com/x","check":{"assertions":[{"source":"body","operator":"matches","value":"[unclosed"}]}}""", "check", "check.assertions[0].value is not a valid regular expression: Invalid pattern '[unclosed' at offset 9. Unterminated [] set." },
        { """{"url":"https://example.com/x","check":{"assertions":[{"source":"json","path":"status[","operator":"exists"}]}}""", "check", "check.assertions[0].path is not a valid JMESPath expression: Error(1, 6): syntax, near ''." },
        { $$$"""{"url":"https://example.com/x","check":{"method":"POST","body":"{{{new string('b', 65537)}}}"}}""", "check", "check.body must be at most 65536 bytes of UTF-8" },
        { """{"url":"https://example.com/x","check":{"timeoutSeconds":90}}""", "check", "check.timeoutSeconds must be a whole number between 1 and 60" },
        { """{"type":"tcp","url":"tcp://example.com"}""", "url", "url must be tcp://host:port, e.g. tcp://db.example.com:5432" },
        { """{"type":"tcp","url":"https://example.com/x"}""", "url", "url must be tcp://host:port, e.g. tcp://db.example.com:5432" },
        { """{"url":"tcp://example.com:22"}""", "url", "url must use http or https, not tcp (a tcp monitor needs \"type\":\"tcp\")" },
        { """{"type":"dns","url":"dns://not a name"}""", "url", "url must be dns://name, e.g. dns://example.com (the record type and expected answer go in check); not a name is not a DNS name (labels of letters, digits, - and _, each 1–63 characters)" },
        { """{"type":"push","url":"https://example.com/x"}""", "url", "url must be left out for a push monitor (it is shown as push://<website id>)" },
        { """{"type":"icmp","url":"https://example.com/x"}""", "type", "type must be one of \"http\", \"tcp\", \"dns\", \"push\"" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_BadTypeUrlOrCheck_BadRequestNamingTheFieldNothingStored(string body, string field, string message)
    {
        var marker = Marker();
        var tagged = body.Insert(1, $"\"tags\":[\"{marker}\"],");

        using var response = await SendAsync(HttpMethod.Post, "api/websites", tagged);

        await AssertProblemAsync(response, field, message);
        Assert.Empty((await GetAsync($"api/websites?tag={marker}")).EnumerateArray());
    }

    [Fact]
    public async Task Patch_Check_ChangedKeptThenCleared()
    {
        var id = await CreateAsync("""{"url":"https://example.com/patched","interval":3600}""");

        var changed = await PatchAsync(id, """{"check":{"headers":{"Accept":"text/html"},"assertions":[{"source":"body","operator":"contains","value":"Welcome"}]}}""");
        AssertMonitor(changed, "http", KeywordCheck);
        AssertMonitor(await PatchAsync(id, """{"interval":600}"""), "http", KeywordCheck);
        AssertMonitor(await PatchAsync(id, """{"check":null}"""), "http", null);
        AssertMonitor(await GetAsync($"api/websites/{id}"), "http", null);
    }

    [Fact]
    public async Task Patch_CheckOfTheStoredType_ReadForThatType()
    {
        var id = await CreateAsync("""{"type":"tcp","url":"tcp://db.example.com:5432","interval":3600}""");

        AssertMonitor(await PatchAsync(id, """{"check":{"expect":"OK"}}"""), "tcp", """{"send":null,"expect":"OK","timeoutSeconds":10}""");
        using var refused = await SendAsync(HttpMethod.Patch, $"api/websites/{id}", """{"check":{"method":"GET"}}""");
        await AssertProblemAsync(refused, "check", "check.method is not a known field; expected send, expect, timeoutSeconds");
    }

    [Fact]
    public async Task Patch_Type_NeedsAMatchingUrlAndResetsTheCheck()
    {
        var id = await CreateAsync($$"""{"url":"https://example.com/retyped","interval":3600,"check":{{KeywordCheck}}}""");

        using var withoutUrl = await SendAsync(HttpMethod.Patch, $"api/websites/{id}", """{"type":"tcp"}""");
        await AssertProblemAsync(withoutUrl, "url", "url is required to change the type to tcp");
        AssertMonitor(await GetAsync($"api/websites/{id}"), "http", KeywordCheck);

        var tcp = await PatchAsync(id, """{"type":"tcp","url":"tcp://db.example.com:5432"}""");
        AssertMonitor(tcp, "tcp", null);
        Assert.Equal("tcp://db.example.com:5432", tcp.GetProperty("url").GetString());

        var push = await PatchAsync(id, """{"type":"push"}""");
        AssertMonitor(push, "push", null);
        Assert.Equal($"push://{id}", push.GetProperty("url").GetString());
    }

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];

    private static Guid AssertMonitor(JsonElement website, string type, string? check)
    {
        Assert.Equal(type, website.GetProperty("type").GetString());
        Assert.Equal(check ?? "null", website.GetProperty("check").GetRawText());
        return website.GetProperty("id").GetGuid();
    }

    private async Task<Guid> CreateAsync(string body)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/websites", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await ReadAsync(response)).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> PatchAsync(Guid id, string body)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"api/websites/{id}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync(response);
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
        Assert.Equal([message], problem.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }
}
