using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>The REST API of a real hub process: /api/websites (CRUD, ticks) and /api/validators.</summary>
[Collection(HubCollection.Name)]
public sealed class RestApiTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    private HttpClient Http => Hub.Http;

    [Fact]
    public async Task Post_ValidWebsite_CreatedWithLocationAndFields()
    {
        var before = DateTime.UtcNow.AddSeconds(-5);

        using var response = await PostJsonAsync("api/websites", """{"url":"https://example.com/health","interval":45}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        var website = body.RootElement;
        var id = website.GetProperty("id").GetGuid();
        Assert.Equal($"/api/websites/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("https://example.com/health", website.GetProperty("url").GetString());
        Assert.Equal(45, website.GetProperty("interval").GetInt32());
        Assert.True(website.GetProperty("enabled").GetBoolean());
        Assert.InRange(website.GetProperty("createdAt").GetDateTime().ToUniversalTime(), before, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("Unknown", website.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, website.GetProperty("validators").ValueKind);
    }

    [Fact]
    public async Task Post_WithoutInterval_DefaultsTo30()
    {
        using var response = await PostJsonAsync("api/websites", """{"url":"http://example.org"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal(30, body.RootElement.GetProperty("interval").GetInt32());
    }

    [Theory]
    [InlineData("""{"url":"ftp://x"}""", "url")]
    [InlineData("""{"url":"not a url"}""", "url")]
    [InlineData("""{"url":"/relative/path"}""", "url")]
    [InlineData("""{"url":42}""", "url")]
    [InlineData("""{}""", "url")]
    [InlineData("""{"url":"https://example.com","interval":5}""", "interval")]
    [InlineData("""{"url":"https://example.com","interval":9}""", "interval")]
    [InlineData("""{"url":"https://example.com","interval":100000}""", "interval")]
    [InlineData("""{"url":"https://example.com","interval":"30"}""", "interval")]
    [InlineData("""{"url":"https://example.com","colour":"red"}""", "colour")]
    [InlineData("""{"url":"https://example.com","enabled":false}""", "enabled")]
    [InlineData("""{"url":"https://example.com",""", "body")]
    [InlineData("""["https://example.com"]""", "body")]
    public async Task Post_InvalidBody_ProblemDetailsNamingField(string json, string field)
    {
        using var response = await PostJsonAsync("api/websites", json);

        await AssertValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(86_400)]
    public async Task Post_IntervalAtBound_Created(int interval)
    {
        using var response = await PostJsonAsync("api/websites", $$"""{"url":"https://example.com/bound","interval":{{interval}}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Get_ExistingWebsite_ReturnsIt()
    {
        var created = await Hub.CreateWebsiteAsync("https://example.com/get", 60);
        var id = created.GetProperty("id").GetGuid();

        using var response = await Http.GetAsync($"api/websites/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal(id, body.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("https://example.com/get", body.RootElement.GetProperty("url").GetString());
        Assert.Equal(60, body.RootElement.GetProperty("interval").GetInt32());
    }

    [Fact]
    public async Task List_WithLimitAndOffset_PagesInCreationOrder()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Hub.CreateWebsiteAsync($"https://example.com/page/{i}", 3600)).GetProperty("id").GetGuid());
        }

        var all = await ListIdsAsync("api/websites?limit=1000");
        var start = all.IndexOf(ids[0]);
        Assert.True(start >= 0, "the first created website is not listed");
        Assert.Equal(ids, all.Skip(start).Take(3));

        Assert.Equal(ids.Take(2), await ListIdsAsync($"api/websites?limit=2&offset={start}"));
        Assert.Equal(ids.Skip(2), await ListIdsAsync($"api/websites?limit=1&offset={start + 2}"));
        Assert.Empty(await ListIdsAsync($"api/websites?offset={all.Count}"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task List_BadPaging_ProblemDetailsNamingParameter(string query, string field)
    {
        using var response = await Http.GetAsync($"api/websites?{query}");

        await AssertValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Patch_UrlAndInterval_Updated()
    {
        var id = (await Hub.CreateWebsiteAsync("https://example.com/before", 3600)).GetProperty("id").GetGuid();

        using var response = await PatchJsonAsync($"api/websites/{id}", """{"url":"https://example.com/after","interval":120}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("https://example.com/after", body.RootElement.GetProperty("url").GetString());
        Assert.Equal(120, body.RootElement.GetProperty("interval").GetInt32());
        Assert.True(body.RootElement.GetProperty("enabled").GetBoolean());
        using var reread = await ReadJsonAsync(await Http.GetAsync($"api/websites/{id}"));
        Assert.Equal("https://example.com/after", reread.RootElement.GetProperty("url").GetString());
        Assert.Equal(120, reread.RootElement.GetProperty("interval").GetInt32());
    }

    [Theory]
    [InlineData("""{"interval":5}""", "interval")]
    [InlineData("""{"interval":100000}""", "interval")]
    [InlineData("""{"url":"ftp://x"}""", "url")]
    [InlineData("""{"enabled":"yes"}""", "enabled")]
    [InlineData("""{"colour":"red"}""", "colour")]
    [InlineData("""{"interval":""", "body")]
    public async Task Patch_InvalidBody_ProblemDetailsNamingField(string json, string field)
    {
        var id = (await Hub.CreateWebsiteAsync("https://example.com/patch-invalid", 3600)).GetProperty("id").GetGuid();

        using var response = await PatchJsonAsync($"api/websites/{id}", json);

        await AssertValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Delete_ExistingWebsite_NoContentThenNotFound()
    {
        var id = (await Hub.CreateWebsiteAsync("https://example.com/delete", 3600)).GetProperty("id").GetGuid();

        using var deleted = await Http.DeleteAsync($"api/websites/{id}");
        using var gone = await Http.GetAsync($"api/websites/{id}");
        using var deletedAgain = await Http.DeleteAsync($"api/websites/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.DoesNotContain(id, await ListIdsAsync("api/websites?limit=1000"));
    }

    [Fact]
    public async Task UnknownId_EveryEndpoint_NotFound()
    {
        var id = Guid.NewGuid();

        using var get = await Http.GetAsync($"api/websites/{id}");
        using var patch = await PatchJsonAsync($"api/websites/{id}", """{"interval":60}""");
        using var delete = await Http.DeleteAsync($"api/websites/{id}");
        using var ticks = await Http.GetAsync($"api/websites/{id}/ticks");

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { get.StatusCode, patch.StatusCode, delete.StatusCode, ticks.StatusCode });
    }

    [Fact]
    public async Task Ticks_ReportedByValidators_ListedNewestFirstWithLimitAndBefore()
    {
        // A validator answers each check once, so three validators answer the website's first check.
        var clients = new List<HubClient>();
        try
        {
            var validatorIds = new List<Guid>();
            foreach (var location in new[] { "US-West California", "US-East Virginia", "EU-West Ireland" })
            {
                var client = await HubClient.ConnectAsync(Hub);
                clients.Add(client);
                validatorIds.Add((await client.RegisterAsync(AgentProcess.NewPublicKey(), location)).ValidatorId);
            }

            var websiteId = (await Hub.CreateWebsiteAsync("https://example.com/ticks", 3600)).GetProperty("id").GetGuid();
            var now = DateTime.UtcNow;
            var t1 = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc).AddSeconds(-20);
            var t2 = t1.AddSeconds(10);
            var t3 = t1.AddSeconds(20);
            var answers = new[] { (TickStatus.Good, 11d, t1, (string?)null), (TickStatus.Bad, 22d, t2, "HTTP 503"), (TickStatus.Good, 33d, t3, null) };
            for (var i = 0; i < clients.Count; i++)
            {
                var check = await clients[i].ReceiveCheckForAsync(websiteId);
                var (status, latency, timestamp, error) = answers[i];
                await clients[i].SendAsync(HubClient.Answer(check, status, latency, timestamp, error));
            }

            var ticks = await Eventually.UntilAsync(
                () => ListTicksAsync($"api/websites/{websiteId}/ticks"),
                found => found.Length == 3,
                TimeSpan.FromSeconds(15),
                found => $"GET ticks returned {found?.Length ?? 0} of the 3 reported ticks{Hub.Diagnostics}");

            Assert.Equal([33d, 22d, 11d], ticks.Select(t => t.GetProperty("latency").GetDouble()));
            var middle = ticks[1];
            Assert.Equal(websiteId, middle.GetProperty("websiteId").GetGuid());
            Assert.Equal(validatorIds[1], middle.GetProperty("validatorId").GetGuid());
            Assert.Equal("Bad", middle.GetProperty("status").GetString());
            Assert.Equal("HTTP 503", middle.GetProperty("error").GetString());
            Assert.Equal(t2, middle.GetProperty("timestamp").GetDateTime().ToUniversalTime());
            Assert.NotEqual(Guid.Empty, middle.GetProperty("id").GetGuid());
            Assert.Equal(JsonValueKind.Null, ticks[0].GetProperty("error").ValueKind);

            var limited = await ListTicksAsync($"api/websites/{websiteId}/ticks?limit=2");
            Assert.Equal([33d, 22d], limited.Select(t => t.GetProperty("latency").GetDouble()));
            var before = Uri.EscapeDataString(t3.ToString("O", CultureInfo.InvariantCulture));
            var older = await ListTicksAsync($"api/websites/{websiteId}/ticks?before={before}");
            Assert.Equal([22d, 11d], older.Select(t => t.GetProperty("latency").GetDouble()));

            // The live aggregate: the latest tick per validator and the status it implies.
            using var view = await ReadJsonAsync(await Http.GetAsync($"api/websites/{websiteId}"));
            Assert.Equal("Degraded", view.RootElement.GetProperty("status").GetString());
            var latest = view.RootElement.GetProperty("validators").EnumerateArray().ToDictionary(v => v.GetProperty("validatorId").GetGuid());
            Assert.Equal(3, latest.Count);
            Assert.Equal("Good", latest[validatorIds[2]].GetProperty("status").GetString());
            Assert.Equal(t3, latest[validatorIds[2]].GetProperty("timestamp").GetDateTime().ToUniversalTime());
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("before=yesterday", "before")]
    public async Task Ticks_BadQuery_ProblemDetailsNamingParameter(string query, string field)
    {
        var id = (await Hub.CreateWebsiteAsync("https://example.com/ticks-bad-query", 3600)).GetProperty("id").GetGuid();

        using var response = await Http.GetAsync($"api/websites/{id}/ticks?{query}");

        await AssertValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Patch_EnabledFalse_StopsDispatchUntilEnabledAgain()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var disabled = (await Hub.CreateWebsiteAsync("https://example.com/to-disable", 10)).GetProperty("id").GetGuid();
        var control = (await Hub.CreateWebsiteAsync("https://example.com/control", 10)).GetProperty("id").GetGuid();
        await client.ReceiveChecksForAllAsync([disabled, control]);

        using (var patched = await PatchJsonAsync($"api/websites/{disabled}", """{"enabled":false}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            using var body = await ReadJsonAsync(patched);
            Assert.False(body.RootElement.GetProperty("enabled").GetBoolean());
        }

        // After its immediate first check a website waits for its own slot, 0.5 to 1.5 intervals later, then one per
        // interval: within 16 s the control website is checked once or twice more, the disabled one not at all.
        var dispatched = (await client.CollectAsync(TimeSpan.FromSeconds(16)))
            .OfType<CheckWebsiteMessage>()
            .SelectMany(m => m.Websites)
            .Select(w => w.WebsiteId)
            .ToList();
        Assert.InRange(dispatched.Count(id => id == control), 1, 2);
        Assert.DoesNotContain(disabled, dispatched);

        using (var enabled = await PatchJsonAsync($"api/websites/{disabled}", """{"enabled":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        }

        await client.ReceiveCheckForAsync(disabled, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Validators_AfterRegister_ListedWithFields()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        var publicKey = AgentProcess.NewPublicKey();
        var validatorId = (await client.RegisterAsync(publicKey, "EU-West Ireland")).ValidatorId;

        using var response = await Http.GetAsync("api/validators");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        var validator = body.RootElement.EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == validatorId);
        Assert.Equal(publicKey, validator.GetProperty("publicKey").GetString());
        Assert.Equal("EU-West Ireland", validator.GetProperty("location").GetString());
        Assert.Equal("127.0.0.1", validator.GetProperty("ipAddress").GetString());
        Assert.True(validator.GetProperty("online").GetBoolean());
        Assert.True(DateTime.UtcNow - validator.GetProperty("lastHeartbeat").GetDateTime().ToUniversalTime() < TimeSpan.FromMinutes(1));
        Assert.True(DateTime.UtcNow - validator.GetProperty("createdAt").GetDateTime().ToUniversalTime() < TimeSpan.FromMinutes(1));
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PatchJsonAsync(string path, string json) =>
        Http.PatchAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} answer is not JSON ({e.Message}): {text}{Hub.Diagnostics}");
        }
    }

    private async Task<List<Guid>> ListIdsAsync(string path)
    {
        var websites = await Http.GetFromJsonAsync<JsonElement[]>(path);
        return [.. websites!.Select(w => w.GetProperty("id").GetGuid())];
    }

    private async Task<JsonElement[]> ListTicksAsync(string path) => (await Http.GetFromJsonAsync<JsonElement[]>(path))!;

    private async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors do not name \"{field}\": {text}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }
}
