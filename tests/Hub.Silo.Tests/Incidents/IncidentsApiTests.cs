using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Uptime.Hub.Tests.Database;

namespace Uptime.Hub.Tests.Incidents;

/// <summary>
/// <c>/api/incidents</c> of a running hub: listing and reading incidents with their evidence, an operator's acknowledgement,
/// resolution and notes, every refusal (400 naming the field, 404, 409, 401), and the live stream's incident events.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class IncidentsApiTests(IncidentsHub hub) : IClassFixture<IncidentsHub>
{
    private static readonly TimeSpan _eventTimeout = TimeSpan.FromSeconds(10);

    private static DateTime Now => DateTime.UtcNow;

    [Fact]
    public async Task List_FiltersByWebsiteStateAndTime_NewestFirst_Paged()
    {
        var websiteId = await hub.NewWebsiteAsync();
        var start = Now.AddHours(-3);
        var resolved = await hub.OpenIncidentAsync(websiteId, start);
        await hub.Log.ResolveAsync(resolved, start.AddHours(1), "recovered", CancellationToken.None);
        var open = await hub.OpenIncidentAsync(websiteId, start.AddHours(2));
        var elsewhere = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), start.AddHours(2.5));

        Assert.Equal([open, resolved], await ListAsync($"websiteId={websiteId}"));
        Assert.Equal([open], await ListAsync($"websiteId={websiteId}&state=open"));
        Assert.Equal([resolved], await ListAsync($"websiteId={websiteId}&state=RESOLVED"));
        Assert.Equal([open], await ListAsync($"websiteId={websiteId}&since={Iso(start.AddHours(1.5))}"));
        Assert.Equal([resolved], await ListAsync($"websiteId={websiteId}&until={Iso(start.AddHours(1.5))}"));
        Assert.Equal([resolved], await ListAsync($"websiteId={websiteId}&limit=1&offset=1"));
        Assert.Equal([elsewhere, open], (await ListAsync("state=open&limit=1000")).Intersect([elsewhere, open]));
        Assert.Empty(await ListAsync($"websiteId={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task Get_Open_WebsiteUrlDurationTillNowAndTimelineWithVotes()
    {
        var websiteId = await hub.NewWebsiteAsync();
        var openedAt = Now.AddMinutes(-2);
        var validatorId = Guid.NewGuid();
        var id = await hub.OpenIncidentAsync(websiteId, openedAt, [new(validatorId, "eu-west", openedAt, false, "HTTP 503", 42, "0xsig", false)]);

        var incident = await GetAsync(id);

        Assert.Equal(id, incident.GetProperty("id").GetGuid());
        Assert.Equal(websiteId, incident.GetProperty("websiteId").GetGuid());
        Assert.StartsWith("https://example.com/incident-", incident.GetProperty("websiteUrl").GetString());
        Assert.Equal(("Down", "open"), (incident.GetProperty("verdict").GetString(), incident.GetProperty("state").GetString()));
        Assert.InRange(incident.GetProperty("durationSeconds").GetDouble(), 119, 180);
        Assert.Equal("timeline", incident.EnumerateObject().Last().Name);
        var opened = Assert.Single(incident.GetProperty("timeline").EnumerateArray());
        Assert.Equal("opened", opened.GetProperty("kind").GetString());
        var vote = Assert.Single(opened.GetProperty("votes").EnumerateArray());
        Assert.Equal(validatorId, vote.GetProperty("validatorId").GetGuid());
        Assert.Equal(("eu-west", "Bad", "HTTP 503", 42.0), (
            vote.GetProperty("region").GetString(), vote.GetProperty("status").GetString(),
            vote.GetProperty("error").GetString(), vote.GetProperty("latencyMs").GetDouble()));
    }

    [Fact]
    public async Task Acknowledge_WithNote_RecordsWhoAndTheNote_AnAcknowledgedOneKeepsTheFirst()
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now);

        var first = await PostAsync($"api/incidents/{id}/acknowledge", """{"note": "on it\nchecking the load balancer"}""");
        var second = await PostAsync($"api/incidents/{id}/acknowledge", """{"note": "also looking"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var incident = await GetAsync(id);
        Assert.Equal(IncidentsHub.Operator, incident.GetProperty("acknowledgedBy").GetString());
        var acknowledgedAt = (await Json(first)).GetProperty("acknowledgedAt").GetDateTime();
        Assert.Equal(acknowledgedAt, incident.GetProperty("acknowledgedAt").GetDateTime());
        Assert.Equal(
            new (string, string)[] { ("opened", "2 of 3 regions say Down"), ("acknowledged", "on it\nchecking the load balancer"), ("note", "also looking") },
            Timeline(incident).Select(e => (e.Kind, e.Text)));
        Assert.All(Timeline(incident).Skip(1), e => Assert.Equal(IncidentsHub.Operator, e.Actor));
    }

    [Fact]
    public async Task Acknowledge_EmptyBody_AcknowledgedWithoutNote()
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now);

        using var response = await hub.Admin.PostAsync($"api/incidents/{id}/acknowledge", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(IncidentsHub.Operator, (await Json(response)).GetProperty("acknowledgedBy").GetString());
    }

    [Fact]
    public async Task Resolve_Open_ResolvedByTheOperator_ThenResolveAndAcknowledgeAnswer409()
    {
        var websiteId = await hub.NewWebsiteAsync();
        var id = await hub.OpenIncidentAsync(websiteId, Now.AddMinutes(-1));

        using var resolved = await PostAsync($"api/incidents/{id}/resolve", """{"note": "false alarm: the target's maintenance"}""");
        using var again = await PostAsync($"api/incidents/{id}/resolve", "{}");
        using var acknowledged = await PostAsync($"api/incidents/{id}/acknowledge", "{}");

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var incident = await Json(resolved);
        Assert.Equal(("resolved", IncidentsHub.Operator, "false alarm: the target's maintenance"), (
            incident.GetProperty("state").GetString(), incident.GetProperty("resolvedBy").GetString(), incident.GetProperty("resolution").GetString()));
        Assert.Null(await hub.Log.FindOpenAsync(websiteId, CancellationToken.None));
        await AssertProblemAsync(again, HttpStatusCode.Conflict, $"incident {id} is already resolved");
        await AssertProblemAsync(acknowledged, HttpStatusCode.Conflict, $"incident {id} is already resolved");
    }

    [Fact]
    public async Task Resolve_WithoutNote_ResolutionNamesTheOperator()
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now);

        using var response = await hub.Admin.PostAsync($"api/incidents/{id}/resolve", null);

        Assert.Equal($"resolved by {IncidentsHub.Operator}", (await Json(response)).GetProperty("resolution").GetString());
    }

    [Fact]
    public async Task AddNote_OnTheTimeline_AlsoOnAResolvedIncident()
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now.AddMinutes(-1));
        await hub.Log.ResolveAsync(id, Now, "recovered", CancellationToken.None);

        using var response = await PostAsync($"api/incidents/{id}/notes", """{"text": "  root cause: expired certificate  "}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var last = Timeline(await Json(response))[^1];
        Assert.Equal(("note", IncidentsHub.Operator, "root cause: expired certificate"), (last.Kind, last.Actor, last.Text));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "/acknowledge")]
    [InlineData("POST", "/resolve")]
    [InlineData("POST", "/notes")]
    public async Task UnknownId_404NamingIt(string method, string action)
    {
        var id = Guid.NewGuid();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"api/incidents/{id}{action}");
        if (method == "POST")
        {
            request.Content = JsonContent.Create(action == "/notes" ? new { text = "hello" } : (object)new { note = "hello" });
        }

        using var response = await hub.Admin.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, $"incident {id} not found");
    }

    [Theory]
    [InlineData("websiteId=abc", "websiteId")]
    [InlineData("state=closed", "state")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2026-13-01T00:00:00Z", "until")]
    [InlineData("since=2026-12-07T10:00:00Z&until=2026-12-07T09:00:00Z", "until")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task List_BadParameter_400NamingIt(string query, string field)
    {
        using var response = await hub.Anonymous.GetAsync($"api/incidents?{query}");

        await AssertFieldAsync(response, field);
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    [InlineData("notes")]
    public async Task MalformedId_400NamingIt(string action)
    {
        using var response = await PostAsync($"api/incidents/not-a-guid/{action}", """{"text": "x"}""");

        await AssertFieldAsync(response, "id");
    }

    [Fact]
    public async Task Get_MalformedId_400NamingIt()
    {
        using var response = await hub.Anonymous.GetAsync("api/incidents/not-a-guid");

        await AssertFieldAsync(response, "id");
    }

    [Theory]
    [InlineData("acknowledge", """{"note": 5}""", "note")]
    [InlineData("acknowledge", """{"note": "a", "note": "b"}""", "note")]
    [InlineData("acknowledge", """{"text": "wrong field"}""", "text")]
    [InlineData("acknowledge", """{"note": "bell\u0007"}""", "note")]
    [InlineData("acknowledge", "[1]", "body")]
    [InlineData("resolve", "{\"note\": \"x\"", "body")]
    [InlineData("resolve", "{\"note\": \"LONG\"}", "note")]
    [InlineData("notes", "{}", "text")]
    [InlineData("notes", """{"text": "   "}""", "text")]
    [InlineData("notes", """{"text": null}""", "text")]
    [InlineData("notes", "{\"text\": \"LONG\"}", "text")]
    [InlineData("notes", """{"text": "ok", "extra": 1}""", "extra")]
    public async Task BadBody_400NamingTheField_NothingWritten(string action, string body, string field)
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now);

        using var response = await PostAsync($"api/incidents/{id}/{action}", body.Replace("LONG", new string('x', 2001)));

        await AssertFieldAsync(response, field);
        var incident = await GetAsync(id);
        Assert.Equal("open", incident.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("acknowledgedAt").ValueKind);
        Assert.Single(Timeline(incident));
    }

    [Fact]
    public async Task Notes_NoBody_400NamingText()
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now);

        using var response = await hub.Admin.PostAsync($"api/incidents/{id}/notes", null);

        await AssertFieldAsync(response, "text");
    }

    [Fact]
    public async Task Notes_2000Characters_Accepted()
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now);

        using var response = await PostAsync($"api/incidents/{id}/notes", JsonSerializer.Serialize(new { text = new string('y', 2000) }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    [InlineData("notes")]
    public async Task Write_WithoutTheAdminKey_401(string action)
    {
        var id = await hub.OpenIncidentAsync(await hub.NewWebsiteAsync(), Now);

        using var response = await hub.Anonymous.PostAsync($"api/incidents/{id}/{action}", JsonContent.Create(new { text = "x" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(Timeline(await GetAsync(id)));
    }

    [Fact]
    public async Task EventStream_AnnouncesOpenedAcknowledgedNoteAndResolved()
    {
        await using var events = await hub.OpenEventsAsync();
        var websiteId = await hub.NewWebsiteAsync();

        var id = await hub.OpenIncidentAsync(websiteId, Now);
        var opened = await events.NextAsync("incident.opened", _eventTimeout, Of(websiteId));
        (await PostAsync($"api/incidents/{id}/acknowledge", """{"note": "on it"}""")).Dispose();
        var acknowledged = await events.NextAsync("incident.acknowledged", _eventTimeout, Of(websiteId));
        (await PostAsync($"api/incidents/{id}/notes", """{"text": "still on it"}""")).Dispose();
        var note = await events.NextAsync("incident.note", _eventTimeout, Of(websiteId));
        (await PostAsync($"api/incidents/{id}/resolve", "{}")).Dispose();
        var resolved = await events.NextAsync("incident.resolved", _eventTimeout, Of(websiteId));

        Assert.All([opened, acknowledged, note, resolved], e => Assert.Equal(id, e.GetProperty("id").GetGuid()));
        Assert.Equal("2 of 3 regions say Down", opened.GetProperty("text").GetString());
        Assert.Equal((IncidentsHub.Operator, "on it"), (acknowledged.GetProperty("actor").GetString(), acknowledged.GetProperty("text").GetString()));
        Assert.Equal("still on it", note.GetProperty("text").GetString());
        Assert.Equal(IncidentsHub.Operator, resolved.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task EventStream_AutomaticResolution_AnnouncedAsAuto()
    {
        await using var events = await hub.OpenEventsAsync();
        var websiteId = await hub.NewWebsiteAsync();
        var id = await hub.OpenIncidentAsync(websiteId, Now);

        await hub.Log.ResolveAsync(id, Now, "3 good rounds", CancellationToken.None);

        var resolved = await events.NextAsync("incident.resolved", _eventTimeout, Of(websiteId));
        Assert.Equal((id, "auto", "3 good rounds"), (
            resolved.GetProperty("id").GetGuid(), resolved.GetProperty("actor").GetString(), resolved.GetProperty("text").GetString()));
    }

    private static Func<JsonElement, bool> Of(Guid websiteId) => e => e.GetProperty("websiteId").GetGuid() == websiteId;

    private async Task<Guid[]> ListAsync(string query)
    {
        using var response = await hub.Anonymous.GetAsync($"api/incidents?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json(response)).EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();
    }

    private async Task<JsonElement> GetAsync(Guid id)
    {
        using var response = await hub.Anonymous.GetAsync($"api/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json(response);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        hub.Admin.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static List<(string Kind, string? Actor, string Text)> Timeline(JsonElement incident) =>
        incident.GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("actor").GetString(), e.GetProperty("text").GetString()!))
            .ToList();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(detail, (await Json(response)).GetProperty("detail").GetString());
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {body}");
        Assert.Contains(field, messages[0].GetString());
    }

    private static string Iso(DateTime time) => Uri.EscapeDataString(time.ToString("O"));
}
