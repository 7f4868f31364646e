using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Push;

/// <summary>Push (heartbeat) monitors of a real hub: <c>/api/push/{token}</c>, the verdict from pushes and silence, the push URL.</summary>
[Collection(HubCollection.Name)]
public sealed class PushMonitorTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    /// <summary>The shortest interval the API takes, and a small grace, so silence is found within seconds.</summary>
    private const int Interval = 10;

    private const int Grace = 2;

    private static readonly TimeSpan _allowance = TimeSpan.FromSeconds(Interval + Grace);

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Pushes_WithinIntervalAndGrace_KeepItUpAndAreStoredAsTicks()
    {
        var (id, pushUrl) = await PushMonitors.CreateAsync(Hub, "keeps-up", Interval, Grace);

        var first = await PushMonitors.PushAsync(Hub.Http, pushUrl, "?msg=nightly%20ok&ping=12.5");
        Assert.Equal((HttpStatusCode.OK, """{"ok":true}"""), first);
        await PushMonitors.WaitForStatusAsync(Hub, id, "Up", TimeSpan.FromSeconds(5));

        // Four more pushes 4 s apart: 16 s in all, longer than interval + grace, and Up throughout.
        for (var push = 1; push <= 4; push++)
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(HttpStatusCode.OK, (await PushMonitors.PushAsync(Hub.Http, pushUrl, $"?msg=run%20{push}")).Status);
            var website = await PushMonitors.WebsiteAsync(Hub, id);
            Assert.True(website.GetProperty("status").GetString() == "Up", $"not Up after push {push}: {website}");
            Assert.Contains($"run {push}", website.GetProperty("statusReason").GetString(), StringComparison.Ordinal);
        }

        var ticks = await Eventually.UntilAsync(
            () => Hub.Http.GetFromJsonAsync<JsonElement[]>($"api/websites/{id}/ticks"),
            stored => stored!.Length == 5,
            TimeSpan.FromSeconds(10),
            stored => $"expected 5 stored pushes, got {stored?.Length}");
        Assert.All(ticks!, tick =>
        {
            Assert.Equal(PushMonitors.PushValidatorId, tick.GetProperty("validatorId").GetGuid());
            Assert.Equal("Good", tick.GetProperty("status").GetString());
        });
        Assert.Equal(12.5, ticks![^1].GetProperty("latency").GetDouble());
    }

    [Fact]
    public async Task Silence_AfterIntervalPlusGrace_DownWithReasonAndAnIncident()
    {
        var (id, pushUrl) = await PushMonitors.CreateAsync(Hub, "goes-silent", Interval, Grace);
        var beforePush = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await PushMonitors.PushAsync(Hub.Http, pushUrl)).Status);
        await PushMonitors.WaitForStatusAsync(Hub, id, "Up", TimeSpan.FromSeconds(5));

        var down = await PushMonitors.WaitForStatusAsync(Hub, id, "Down", _allowance + TimeSpan.FromSeconds(10));

        var changedAt = down.GetProperty("statusChangedAt").GetDateTime().ToUniversalTime();
        Assert.True(changedAt >= beforePush + _allowance, $"Down at {changedAt:O}, before the push at {beforePush:O} + {_allowance.TotalSeconds} s");
        var reason = down.GetProperty("statusReason").GetString();
        Assert.StartsWith("No push for ", reason, StringComparison.Ordinal);
        Assert.EndsWith($"(expected every {Interval} s + {Grace} s grace)", reason, StringComparison.Ordinal);
        Assert.Empty(down.GetProperty("regionStatuses").EnumerateArray());

        var incidents = await Eventually.UntilAsync(
            () => Hub.Http.GetFromJsonAsync<JsonElement[]>($"api/incidents?websiteId={id}&state=open"),
            open => open!.Length == 1,
            TimeSpan.FromSeconds(10),
            open => $"expected one open incident, got {open?.Length}{Hub.Diagnostics}");
        Assert.Equal("Down", incidents![0].GetProperty("verdict").GetString());
        Assert.StartsWith("No push for ", incidents[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushDown_DownAtOnceWithItsMessage_ThenUpAgainByForm()
    {
        var (id, pushUrl) = await PushMonitors.CreateAsync(Hub, "fails", Interval, Grace);

        using (var response = await Hub.Http.PostAsync(pushUrl, Json("""{"status":"down","msg":"backup failed: disk full","ping":3}""")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var down = await PushMonitors.WaitForStatusAsync(Hub, id, "Down", TimeSpan.FromSeconds(3));
        Assert.Equal("backup failed: disk full", down.GetProperty("statusReason").GetString());
        Assert.Equal(3, down.GetProperty("lastLatency").GetDouble());

        using (var response = await Hub.Http.PostAsync(pushUrl, new FormUrlEncodedContent([new("status", "up")])))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await PushMonitors.WaitForStatusAsync(Hub, id, "Up", TimeSpan.FromSeconds(3));
        var ticks = await Eventually.UntilAsync(
            () => Hub.Database.TicksAsync(id),
            stored => stored.Count == 2,
            TimeSpan.FromSeconds(10),
            stored => $"expected 2 stored pushes, got {stored?.Count}");
        Assert.Equal(("Bad", "backup failed: disk full"), (ticks[0].Status, ticks[0].Error));
        Assert.Equal(("Good", (string?)null), (ticks[1].Status, ticks[1].Error));
    }

    [Fact]
    public async Task UnknownToken_NotFound_LikeTheTokenOfAnotherMonitorType()
    {
        var http = (await Hub.CreateWebsiteAsync("https://example.com/not-a-push-monitor", 60)).GetProperty("id").GetGuid();
        var httpToken = await Hub.Database.PushTokenAsync(http);

        var unknown = await PushMonitors.PushAsync(Hub.Http, new Uri(Hub.Http.BaseAddress!, "api/push/" + Guid.NewGuid().ToString("N")));
        var otherType = await PushMonitors.PushAsync(Hub.Http, new Uri(Hub.Http.BaseAddress!, "api/push/" + httpToken));

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.NotFound, otherType.Status);
        Assert.Equal(WithoutTraceId(unknown.Body), WithoutTraceId(otherType.Body));
        Assert.Empty(await Hub.Database.TicksAsync(http));
    }

    [Theory]
    [InlineData("?status=sideways", "status", "status must be up or down; got 'sideways'")]
    [InlineData("?ping=-1", "ping", "ping must be a number of milliseconds from 0 to 86400000; got '-1'")]
    [InlineData("?ping=fast", "ping", "ping must be a number of milliseconds from 0 to 86400000; got 'fast'")]
    public async Task BadParameter_BadRequestNamingIt(string query, string field, string message)
    {
        var (id, pushUrl) = await PushMonitors.CreateAsync(Hub, "bad-" + field, Interval, Grace);

        var (status, body) = await PushMonitors.PushAsync(Hub.Http, pushUrl, query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, Problem(body, field));
        Assert.Equal("Unknown", (await PushMonitors.WebsiteAsync(Hub, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task BadBody_BadRequestNamingTheField()
    {
        var (_, pushUrl) = await PushMonitors.CreateAsync(Hub, "bad-body", Interval, Grace);

        using var tooLong = await Hub.Http.PostAsync(pushUrl, Json(JsonSerializer.Serialize(new { status = "down", msg = new string('x', 1001) })));
        using var notText = await Hub.Http.PostAsync(pushUrl, Json("""{"status":5}"""));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("msg must be at most 1000 characters; got 1001", Problem(await tooLong.Content.ReadAsStringAsync(), "msg"));
        Assert.Equal(HttpStatusCode.BadRequest, notText.StatusCode);
        Assert.Equal("status must be a string", Problem(await notText.Content.ReadAsStringAsync(), "status"));
    }

    [Fact]
    public async Task PushUrl_ShownOnlyToWriters_RotationReplacesIt()
    {
        var (id, pushUrl) = await PushMonitors.CreateAsync(Hub, "rotated", Interval, Grace);
        Assert.Equal($"{Hub.Http.BaseAddress}api/push/{await Hub.Database.PushTokenAsync(id)}", pushUrl.AbsoluteUri);
        using var anonymous = new HttpClient { BaseAddress = Hub.Http.BaseAddress };
        var seen = await anonymous.GetFromJsonAsync<JsonElement>($"api/websites/{id}");
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("pushUrl").ValueKind);
        var listed = await anonymous.GetFromJsonAsync<JsonElement[]>("api/websites?take=500");
        Assert.All(listed!, website => Assert.Equal(JsonValueKind.Null, website.GetProperty("pushUrl").ValueKind));

        using var rotated = await Hub.Http.PostAsync($"api/websites/{id}/push-token", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newUrl = new Uri((await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushUrl").GetString()!);

        Assert.NotEqual(pushUrl, newUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await PushMonitors.PushAsync(Hub.Http, pushUrl)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PushMonitors.PushAsync(Hub.Http, newUrl)).Status);
        Assert.Equal(newUrl.AbsoluteUri, (await PushMonitors.WebsiteAsync(Hub, id)).GetProperty("pushUrl").GetString());
        using var anonymousRotation = await anonymous.PostAsync($"api/websites/{id}/push-token", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRotation.StatusCode);
    }

    [Fact]
    public async Task RotatePushToken_OfAnotherMonitorType_Conflict()
    {
        var id = (await Hub.CreateWebsiteAsync("https://example.com/no-push-url", 60)).GetProperty("id").GetGuid();

        using var response = await Hub.Http.PostAsync($"api/websites/{id}/push-token", null);
        using var missing = await Hub.Http.PostAsync($"api/websites/{Guid.NewGuid()}/push-token", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>A problem's text without its traceId, which differs per request.</summary>
    private static string WithoutTraceId(string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string? Problem(string body, string field)
    {
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString();
    }
}
