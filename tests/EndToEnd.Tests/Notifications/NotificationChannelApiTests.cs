using System.Net;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// <c>/api/notification-channels</c> of a real hub process: a webhook channel created, listed, read, changed and deleted,
/// its secrets stored encrypted and never in an answer or the hub's log, and every bad input a 400 naming its field.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationChannelApiTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Webhook_CreateReadListChangeDelete_SecretsMaskedAndNeverAnswered()
    {
        var calls = new NotificationApiCalls(Hub);
        var token = Token();
        var url = $"http://127.0.0.1:9/hooks/{token}";
        var secret = Token();
        var name = $"ops-webhook-{Guid.NewGuid():N}";

        var created = await calls.CreateWebhookAsync(name, url, secret);

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal("webhook", created.GetProperty("type").GetString());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Empty(created.GetProperty("settings").EnumerateObject());
        Assert.Equal("••••" + url[^4..], created.GetProperty("secrets").GetProperty("url").GetString());
        Assert.Equal("••••" + secret[^4..], created.GetProperty("secrets").GetProperty("secret").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("subjectTemplate").ValueKind);

        var read = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-channels/{id}");
        Assert.Equal(created.GetRawText(), read.GetRawText());
        var listed = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/notification-channels");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var renamed = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/notification-channels/{id}", new { name = name + "-2", enabled = false });
        Assert.Equal(name + "-2", renamed.GetProperty("name").GetString());
        Assert.False(renamed.GetProperty("enabled").GetBoolean());
        Assert.Equal(created.GetProperty("secrets").GetRawText(), renamed.GetProperty("secrets").GetRawText());

        var newSecret = Token();
        var rekeyed = await calls.ExpectAsync(
            HttpStatusCode.OK, HttpMethod.Patch, $"api/notification-channels/{id}", new { settings = new { secret = newSecret }, subjectTemplate = "{{ count }} alerts" });
        Assert.Equal("••••" + newSecret[^4..], rekeyed.GetProperty("secrets").GetProperty("secret").GetString());
        Assert.Equal("••••" + url[^4..], rekeyed.GetProperty("secrets").GetProperty("url").GetString());
        Assert.Equal("{{ count }} alerts", rekeyed.GetProperty("subjectTemplate").GetString());

        var cleared = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/notification-channels/{id}", new { subjectTemplate = (string?)null });
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("subjectTemplate").ValueKind);

        var (settings, ciphertext) = await Hub.Database.ChannelRowAsync(id);
        Assert.Equal("{}", settings);
        Assert.NotNull(ciphertext);
        foreach (var value in new[] { token, secret, newSecret })
        {
            Assert.False(Encoding.UTF8.GetString(ciphertext).Contains(value, StringComparison.Ordinal), "the stored ciphertext holds a secret");
        }

        await calls.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"api/notification-channels/{id}");
        await calls.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"api/notification-channels/{id}");
        calls.AssertNoAnswerHolds(token, secret, newSecret);
    }

    public static TheoryData<string, string, string> BadBodies { get; } = new()
    {
        { """{"type":"webhook","settings":{"url":"http://127.0.0.1:9/x","secret":"0123456789abcdef"}}""", "name", "name is required" },
        { """{"name":"x","type":"carrier-pigeon","settings":{}}""", "type", "expected one of discord, email, ntfy, pagerduty, slack, teams, telegram, webhook" },
        { """{"name":"x","type":"webhook"}""", "settings", "settings is required" },
        { """{"name":"x","type":"webhook","settings":[]}""", "settings", "settings must be a JSON object" },
        { """{"name":"x","type":"webhook","settings":{"url":"ftp://example.com/x","secret":"0123456789abcdef"}}""", "settings.url", "url" },
        { """{"name":"x","type":"webhook","settings":{"secret":"0123456789abcdef"}}""", "settings.url", "url is required" },
        { """{"name":"x","type":"webhook","settings":{"url":"http://127.0.0.1:9/x","secret":"short"}}""", "settings.secret", "at least 16 characters" },
        { """{"name":"x","type":"webhook","settings":{"url":"http://127.0.0.1:9/x","secret":"0123456789abcdef","colour":"red"}}""", "settings.colour", "colour is not a setting" },
        { """{"name":"x","type":"webhook","settings":{"url":"http://127.0.0.1:9/x","secret":"0123456789abcdef"},"subjectTemplate":"{% if %}"}""", "subjectTemplate", "subjectTemplate is not a valid Liquid template" },
        { """{"name":"x","type":"webhook","settings":{"url":"http://127.0.0.1:9/x","secret":"0123456789abcdef"},"bodyTemplate":"{{ event.kind "}""", "bodyTemplate", "bodyTemplate is not a valid Liquid template" },
        { """{"name":"x","type":"webhook","enabled":"yes","settings":{"url":"http://127.0.0.1:9/x","secret":"0123456789abcdef"}}""", "enabled", "enabled must be true or false" },
        { """{"name":"x","type":"webhook","settings":{},"owner":"me"}""", "owner", "Unknown field \"owner\"" },
        { """[1,2]""", "body", "The body must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadInput_400NamingTheField(string body, string field, string message)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Hub.Http.PostAsync("api/notification-channels", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = NotificationApiCalls.Errors(problem.RootElement);
        Assert.True(errors.ContainsKey(field), $"no error for {field}: {problem.RootElement.GetRawText()}");
        Assert.Contains(message, errors[field], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_RemovingARequiredSecret_400NamingItAndNothingChanged()
    {
        var calls = new NotificationApiCalls(Hub);
        var created = await calls.CreateWebhookAsync($"patch-{Guid.NewGuid():N}", $"http://127.0.0.1:9/{Token()}", Token());
        var id = created.GetProperty("id").GetGuid();

        var (status, problem) = await calls.SendAsync(HttpMethod.Patch, $"api/notification-channels/{id}", new { settings = new Dictionary<string, object?> { ["secret"] = null } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("secret is required", NotificationApiCalls.Errors(problem)["settings.secret"], StringComparison.Ordinal);
        var read = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-channels/{id}");
        Assert.Equal(created.GetProperty("secrets").GetRawText(), read.GetProperty("secrets").GetRawText());
    }

    [Fact]
    public async Task DuplicateName_409()
    {
        var calls = new NotificationApiCalls(Hub);
        var name = $"twice-{Guid.NewGuid():N}";
        var first = await calls.CreateWebhookAsync(name, $"http://127.0.0.1:9/{Token()}", Token());
        var other = await calls.CreateWebhookAsync(name + "-other", $"http://127.0.0.1:9/{Token()}", Token());

        var (created, _) = await calls.SendAsync(HttpMethod.Post, "api/notification-channels", new { name, type = "webhook", settings = new { url = "http://127.0.0.1:9/a", secret = Token() } });
        var (renamed, problem) = await calls.SendAsync(HttpMethod.Patch, $"api/notification-channels/{other.GetProperty("id").GetGuid()}", new { name });

        Assert.Equal(HttpStatusCode.Conflict, created);
        Assert.Equal(HttpStatusCode.Conflict, renamed);
        Assert.Contains(name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(first.GetProperty("id").GetGuid(), (await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-channels/{first.GetProperty("id").GetGuid()}")).GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PATCH", "")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "/deliveries")]
    public async Task UnknownChannel_404SayingWhich(string method, string below)
    {
        var id = Guid.NewGuid();
        var calls = new NotificationApiCalls(Hub);

        var (status, problem) = await calls.SendAsync(new HttpMethod(method), $"api/notification-channels/{id}{below}", method == "PATCH" ? new { enabled = false } : null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"notification channel {id} not found", problem.GetProperty("detail").GetString());
    }

    private static string Token() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
