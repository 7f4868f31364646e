using System.Net;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// <c>/api/notification-policies</c> of a real hub process: a policy created with its defaults, read, listed, changed and
/// deleted; the default flag moving from one policy to another; every bad input a 400 naming its field.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationPolicyApiTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Policy_CreateReadListChangeDelete()
    {
        var calls = new NotificationApiCalls(Hub);
        var channel = await NewChannelAsync(calls);
        var other = await NewChannelAsync(calls);
        var name = $"all-sites-{Guid.NewGuid():N}";

        var created = await calls.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/notification-policies", new { name, channelIds = new[] { channel } });

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.False(created.GetProperty("isDefault").GetBoolean());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("websiteIds").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("tags").ValueKind);
        Assert.Equal(["opened", "acknowledged", "resolved", "reminder", "certificate"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, created.GetProperty("quietSeconds").GetInt32());
        Assert.Equal(60, created.GetProperty("reminderMinutes").GetInt32());
        Assert.Equal([channel], created.GetProperty("channelIds").EnumerateArray().Select(c => c.GetGuid()));
        Assert.Equal(created.GetRawText(), (await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-policies/{id}")).GetRawText());
        Assert.Contains((await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/notification-policies")).EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);

        var changed = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/notification-policies/{id}", new
        {
            tags = new[] { "Prod", "eu" },
            events = new[] { "opened", "resolved" },
            quietSeconds = 300,
            reminderMinutes = 0,
            channelIds = new[] { channel, other },
        });
        Assert.Equal(["prod", "eu"], changed.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["opened", "resolved"], changed.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(300, changed.GetProperty("quietSeconds").GetInt32());
        Assert.Equal(0, changed.GetProperty("reminderMinutes").GetInt32());
        Assert.Equal(new[] { channel, other }.Order(), changed.GetProperty("channelIds").EnumerateArray().Select(c => c.GetGuid()).Order());

        var websiteId = Guid.NewGuid();
        var listed = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/notification-policies/{id}", new { tags = (string[]?)null, websiteIds = new[] { websiteId } });
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("tags").ValueKind);
        Assert.Equal([websiteId], listed.GetProperty("websiteIds").EnumerateArray().Select(w => w.GetGuid()));

        await calls.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"api/notification-channels/{other}");
        Assert.Equal([channel], (await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-policies/{id}")).GetProperty("channelIds").EnumerateArray().Select(c => c.GetGuid()));
        await calls.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"api/notification-policies/{id}");
        await calls.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"api/notification-policies/{id}");
    }

    [Fact]
    public async Task MakingAPolicyTheDefault_TakesTheFlagFromThePrevious()
    {
        var calls = new NotificationApiCalls(Hub);
        var channel = await NewChannelAsync(calls);
        var first = await calls.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/notification-policies", new { name = $"first-{Guid.NewGuid():N}", isDefault = true, channelIds = new[] { channel } });
        var second = await calls.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/notification-policies", new { name = $"second-{Guid.NewGuid():N}", channelIds = new[] { channel } });

        var made = await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"api/notification-policies/{second.GetProperty("id").GetGuid()}", new { isDefault = true });

        Assert.True(made.GetProperty("isDefault").GetBoolean());
        Assert.False((await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/notification-policies/{first.GetProperty("id").GetGuid()}")).GetProperty("isDefault").GetBoolean());
        var defaults = (await calls.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "api/notification-policies")).EnumerateArray().Where(p => p.GetProperty("isDefault").GetBoolean()).ToList();
        Assert.Equal(second.GetProperty("id").GetGuid(), Assert.Single(defaults).GetProperty("id").GetGuid());
    }

    public static TheoryData<string, string, string> BadBodies { get; } = new()
    {
        { """{"channelIds":["{0}"]}""", "name", "name is required" },
        { """{"name":"p"}""", "channelIds", "channelIds is required" },
        { """{"name":"p","channelIds":[]}""", "channelIds", "channelIds must be a list of 1 to 100 notification channel ids" },
        { """{"name":"p","channelIds":["{1}"]}""", "channelIds", "no notification channel has the id {1}" },
        { """{"name":"p","channelIds":["nope"]}""", "channelIds", "channelIds must hold notification channel ids (GUIDs)" },
        { """{"name":"p","channelIds":["{0}"],"events":["opened","exploded"]}""", "events", "one of opened, acknowledged, resolved, reminder, certificate" },
        { """{"name":"p","channelIds":["{0}"],"websiteIds":["{1}"],"tags":["prod"]}""", "tags", "websiteIds and tags cannot both be set" },
        { """{"name":"p","channelIds":["{0}"],"tags":["no spaces"]}""", "tags", "a-z, 0-9" },
        { """{"name":"p","channelIds":["{0}"],"quietSeconds":86401}""", "quietSeconds", "between 0 and 86400" },
        { """{"name":"p","channelIds":["{0}"],"reminderMinutes":-1}""", "reminderMinutes", "between 0 and 10080" },
        { """{"name":"p","channelIds":["{0}"],"isDefault":"yes"}""", "isDefault", "isDefault must be true or false" },
        { """{"name":"p","channelIds":["{0}"],"priority":1}""", "priority", "Unknown field \"priority\"" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadInput_400NamingTheField(string body, string field, string message)
    {
        var calls = new NotificationApiCalls(Hub);
        var channel = await NewChannelAsync(calls);
        var missing = Guid.NewGuid();
        string Fill(string text) => text.Replace("{0}", channel.ToString(), StringComparison.Ordinal).Replace("{1}", missing.ToString(), StringComparison.Ordinal);

        using var content = new StringContent(Fill(body), Encoding.UTF8, "application/json");
        using var response = await Hub.Http.PostAsync("api/notification-policies", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = NotificationApiCalls.Errors(problem.RootElement);
        Assert.True(errors.ContainsKey(field), $"no error for {field}: {problem.RootElement.GetRawText()}");
        Assert.Contains(Fill(message), errors[field], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_AddingWebsitesToATaggedPolicy_400NamingWebsiteIds()
    {
        var calls = new NotificationApiCalls(Hub);
        var channel = await NewChannelAsync(calls);
        var policy = await calls.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/notification-policies", new { name = $"tagged-{Guid.NewGuid():N}", tags = new[] { "prod" }, channelIds = new[] { channel } });

        var (status, problem) = await calls.SendAsync(HttpMethod.Patch, $"api/notification-policies/{policy.GetProperty("id").GetGuid()}", new { websiteIds = new[] { Guid.NewGuid() } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cannot both be set", NotificationApiCalls.Errors(problem)["websiteIds"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateName_409()
    {
        var calls = new NotificationApiCalls(Hub);
        var channel = await NewChannelAsync(calls);
        var name = $"twice-{Guid.NewGuid():N}";
        await calls.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/notification-policies", new { name, channelIds = new[] { channel } });

        var (status, problem) = await calls.SendAsync(HttpMethod.Post, "api/notification-policies", new { name, channelIds = new[] { channel } });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains(name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<Guid> NewChannelAsync(NotificationApiCalls calls) =>
        (await calls.CreateWebhookAsync($"policy-channel-{Guid.NewGuid():N}", "http://127.0.0.1:9/policy-hook", "0123456789abcdef-policy")).GetProperty("id").GetGuid();
}
