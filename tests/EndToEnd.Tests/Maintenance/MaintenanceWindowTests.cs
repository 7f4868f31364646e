using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Maintenance;

/// <summary>
/// Maintenance windows against a real hub and PostgreSQL: a down website in a window is Maintenance while its ticks are still
/// stored, and Down again as soon as the window ends; the status-change log shows both transitions; bad bodies get 400s.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MaintenanceWindowTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private const int Interval = 10;

    // The calendar looks for window boundaries every second; a grain call and the status write follow.
    private static readonly TimeSpan _boundaryBound = TimeSpan.FromSeconds(4);

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task DownWebsiteInAWindow_MaintenanceWhileTicksAreStored_DownAgainWhenTheWindowEnds()
    {
        await using var validator = await HubClient.ConnectAsync(Hub);
        await validator.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = (await Hub.CreateWebsiteAsync($"https://example.com/maintenance-{Guid.NewGuid():N}", Interval)).GetProperty("id").GetGuid();
        await AnswerNextCheckBadAsync(validator, websiteId);
        await WaitForStatusAsync(websiteId, "Down", TimeSpan.FromSeconds(10));

        var endsAt = DateTime.UtcNow.AddSeconds(Interval + 6);
        using var created = await Hub.Http.PostAsJsonAsync("api/maintenance-windows", new
        {
            name = "Database upgrade",
            startsAt = Iso(DateTime.UtcNow.AddMinutes(-1)),
            endsAt = Iso(endsAt),
            websiteIds = new[] { websiteId },
        });
        var window = await ReadAsync(created, HttpStatusCode.Created);
        Assert.True(window.GetProperty("active").GetBoolean());
        await WaitForStatusAsync(websiteId, "Maintenance", _boundaryBound);

        var website = await GetWebsiteAsync(websiteId);
        var maintenance = website.GetProperty("maintenance");
        Assert.True(maintenance.GetProperty("active").GetBoolean());
        Assert.Equal(window.GetProperty("id").GetGuid(), maintenance.GetProperty("current").GetProperty("windowId").GetGuid());
        var ticksBefore = website.GetProperty("ticksReceived").GetInt64();

        await AnswerNextCheckBadAsync(validator, websiteId);
        var during = await GetWebsiteAsync(websiteId);
        Assert.Equal(("Maintenance", ticksBefore + 1), (during.GetProperty("status").GetString(), during.GetProperty("ticksReceived").GetInt64()));

        await Task.Delay(endsAt - DateTime.UtcNow);
        await WaitForStatusAsync(websiteId, "Down", _boundaryBound);

        var changes = await Hub.Http.GetFromJsonAsync<JsonElement>($"api/websites/{websiteId}/status-changes");
        var transitions = changes.EnumerateArray().Select(c => $"{c.GetProperty("from").GetString()}→{c.GetProperty("to").GetString()}").Reverse();
        Assert.Equal(["Unknown→Down", "Down→Maintenance", "Maintenance→Down"], transitions);
        Assert.False((await GetWebsiteAsync(websiteId)).GetProperty("maintenance").GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task WindowDeleted_TheWebsiteLeavesMaintenanceAtOnce()
    {
        await using var validator = await HubClient.ConnectAsync(Hub);
        await validator.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = (await Hub.CreateWebsiteAsync($"https://example.com/maintenance-{Guid.NewGuid():N}", Interval)).GetProperty("id").GetGuid();
        await AnswerNextCheckBadAsync(validator, websiteId);
        await WaitForStatusAsync(websiteId, "Down", TimeSpan.FromSeconds(10));
        using var created = await Hub.Http.PostAsJsonAsync("api/maintenance-windows", new
        {
            name = "Nightly",
            cron = "* * * * *",
            timeZone = "Europe/Berlin",
            durationMinutes = 5,
            websiteIds = new[] { websiteId },
        });
        var windowId = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await WaitForStatusAsync(websiteId, "Maintenance", _boundaryBound);

        using var deleted = await Hub.Http.DeleteAsync($"api/maintenance-windows/{windowId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await WaitForStatusAsync(websiteId, "Down", _boundaryBound);
        using var gone = await Hub.Http.GetAsync($"api/maintenance-windows/{windowId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    public static TheoryData<string, string, string> BadBodies { get; } = new()
    {
        { """{"name":"x","cron":"61 * * * *","timeZone":"UTC","durationMinutes":5,"allWebsites":true}""", "cron", "cron must be a cron expression" },
        { """{"name":"x","cron":"0 2 * * *","timeZone":"Europe/Atlantis","durationMinutes":5,"allWebsites":true}""", "timeZone", "timeZone must be an IANA time zone" },
        { """{"name":"x","startsAt":"2099-01-02T00:00:00Z","endsAt":"2099-01-01T00:00:00Z","allWebsites":true}""", "endsAt", "endsAt must be after startsAt" },
        { """{"name":"x","cron":"0 2 * * *","timeZone":"UTC","durationMinutes":0,"allWebsites":true}""", "durationMinutes", "between 1 and 10080" },
        { """{"name":"x","cron":"0 2 * * *","timeZone":"UTC","durationMinutes":100000,"allWebsites":true}""", "durationMinutes", "between 1 and 10080" },
        { """{"name":"","startsAt":"2099-01-01T00:00:00Z","endsAt":"2099-01-02T00:00:00Z","allWebsites":true}""", "name", "name must not be empty" },
        { """{"name":"x","startsAt":"2099-01-01T00:00:00Z","endsAt":"2099-01-02T00:00:00Z","websiteIds":["00000000-0000-0000-0000-00000000abcd"]}""", "websiteIds", "no website has the id 00000000-0000-0000-0000-00000000abcd" },
        { """{"name":"x" """, "body", "The body is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBody_BadRequestNamingTheField_NothingWritten(string body, string field, string message)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await Hub.Http.PostAsync("api/maintenance-windows", content);

        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        var windows = await Hub.Http.GetFromJsonAsync<JsonElement>("api/maintenance-windows");
        Assert.DoesNotContain(windows.EnumerateArray(), w => w.GetProperty("name").GetString() == "x");
    }

    [Fact]
    public async Task ReplaceWithAnUnknownWebsite_BadRequest_TheWindowUnchanged()
    {
        var websiteId = (await Hub.CreateWebsiteAsync($"https://example.com/maintenance-{Guid.NewGuid():N}", Interval)).GetProperty("id").GetGuid();
        using var created = await Hub.Http.PostAsJsonAsync("api/maintenance-windows", new
        {
            name = "Kept",
            startsAt = "2099-01-01T00:00:00Z",
            endsAt = "2099-01-01T02:00:00Z",
            websiteIds = new[] { websiteId },
        });
        var windowId = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var replaced = await Hub.Http.PutAsJsonAsync($"api/maintenance-windows/{windowId}", new
        {
            name = "Changed",
            startsAt = "2099-01-01T00:00:00Z",
            endsAt = "2099-01-01T02:00:00Z",
            websiteIds = new[] { websiteId, Guid.NewGuid() },
        });
        await ReadAsync(replaced, HttpStatusCode.BadRequest);

        var window = await Hub.Http.GetFromJsonAsync<JsonElement>($"api/maintenance-windows/{windowId}");
        Assert.Equal("Kept", window.GetProperty("name").GetString());
        Assert.Equal([websiteId], window.GetProperty("websiteIds").EnumerateArray().Select(id => id.GetGuid()));
        Assert.Equal("2099-01-01T00:00:00Z", window.GetProperty("next").GetProperty("startsAt").GetString());
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static async Task AnswerNextCheckBadAsync(HubClient validator, Guid websiteId)
    {
        var check = await validator.ReceiveCheckForAsync(websiteId, TimeSpan.FromSeconds(Interval + 5));
        await validator.SendAsync(HubClient.Answer(check, TickStatus.Bad, 12, DateTime.UtcNow, "HTTP 503"));
        await validator.ReceiveUntilAsync(m => m is TickAckMessage, "the TICK_ACK of the Bad answer");
    }

    private async Task<JsonElement> GetWebsiteAsync(Guid websiteId) =>
        await Hub.Http.GetFromJsonAsync<JsonElement>($"api/websites/{websiteId}");

    private Task WaitForStatusAsync(Guid websiteId, string status, TimeSpan timeout) => Eventually.UntilAsync(
        () => Hub.WebsiteStatusAsync(websiteId),
        current => current == status,
        timeout,
        last => $"website {websiteId} is {last}, not {status}, after {timeout.TotalSeconds} s{Hub.Diagnostics}");

    private async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}{Hub.Diagnostics}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
