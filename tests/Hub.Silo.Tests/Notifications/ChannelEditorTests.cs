using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Uptime.Hub.Notifications;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>
/// <see cref="ChannelEditor"/> with a channel type of the test's own: every problem keyed by its field
/// (<c>settings.&lt;name&gt;</c> for a setting), settings merged before they are checked, secrets encrypted apart.
/// </summary>
public sealed class ChannelEditorTests
{
    private readonly DataProtectionChannelSecrets _secrets = new(new EphemeralDataProtectionProvider());

    [Fact]
    public async Task UnknownType_ErrorNamesTypeAndListsTheTypes()
    {
        var (channel, errors) = await Editor().ApplyAsync(New("pigeon", Chat()), null, CancellationToken.None);

        Assert.Null(channel);
        Assert.Equal("type \"pigeon\" is not a channel type; expected one of chat", Assert.Single(errors!["type"]));
    }

    [Fact]
    public async Task BadSettings_EachKeyedBySettingsDotName()
    {
        var settings = new JsonObject { ["token"] = "short", ["url"] = "https://chat.example/hook", ["colour"] = "red" };

        var (_, errors) = await Editor().ApplyAsync(New("chat", settings), null, CancellationToken.None);

        Assert.Equal(["settings.colour", "settings.room", "settings.token"], errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("http://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("https://internal.example/hook", "resolves to a refused address")]
    public async Task TargetOnAPrivateAddress_RefusedNamingTheSetting(string url, string reason)
    {
        var settings = Chat();
        settings["url"] = url;

        var (_, errors) = await Editor().ApplyAsync(New("chat", settings), null, CancellationToken.None);

        var message = Assert.Single(errors!["settings.url"]);
        Assert.StartsWith("url is refused: ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("ALLOW_PRIVATE_TARGETS", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateTargetsAllowed_Accepted()
    {
        var settings = Chat();
        settings["url"] = "http://127.0.0.1:9000/hook";

        var (channel, errors) = await Editor(allowPrivate: true).ApplyAsync(New("chat", settings), null, CancellationToken.None);

        Assert.Null(errors);
        Assert.NotNull(channel);
    }

    [Fact]
    public async Task BadTemplates_NamedByField()
    {
        var input = New("chat", Chat()) with { SubjectTemplate = new(true, "{% if"), BodyTemplate = new(true, "{{ x }} {% for") };

        var (_, errors) = await Editor().ApplyAsync(input, null, CancellationToken.None);

        Assert.Equal("subjectTemplate is not a valid Liquid template: unclosed tag", Assert.Single(errors!["subjectTemplate"]));
        Assert.Equal("bodyTemplate is not a valid Liquid template: unclosed tag", Assert.Single(errors["bodyTemplate"]));
    }

    [Fact]
    public async Task New_SecretsEncryptedApartFromTheShownSettings()
    {
        var (channel, errors) = await Editor().ApplyAsync(New("chat", Chat()), null, CancellationToken.None);

        Assert.Null(errors);
        Assert.Equal("""{"room":"ops"}""", channel!.Settings.ToJsonString());
        Assert.DoesNotContain("chat-token-0123", System.Text.Encoding.UTF8.GetString(channel.Secrets!), StringComparison.Ordinal);
        var secrets = _secrets.Unprotect(channel.Secrets!);
        Assert.Equal("chat-token-0123456", secrets["token"]!.GetValue<string>());
        Assert.Equal("https://chat.example/hook/abc", secrets["url"]!.GetValue<string>());
        Assert.True(channel.Enabled);
    }

    [Fact]
    public async Task Change_SecretLeftOutKept_NullRemoves_GivenReplaces()
    {
        var settings = Chat();
        settings["topic"] = "alerts";
        var (stored, _) = await Editor().ApplyAsync(New("chat", settings), null, CancellationToken.None);
        var change = new ChannelInput(null, null, false, new JsonObject { ["room"] = "sre", ["topic"] = null }, default, default);

        var (changed, errors) = await Editor().ApplyAsync(change, stored, CancellationToken.None);

        Assert.Null(errors);
        Assert.Equal(stored!.Id, changed!.Id);
        Assert.Equal(stored.Name, changed.Name);
        Assert.False(changed.Enabled);
        Assert.Equal("""{"room":"sre"}""", changed.Settings.ToJsonString());
        Assert.Equal("chat-token-0123456", _secrets.Unprotect(changed.Secrets!)["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Change_RemovingARequiredSecret_ErrorNamesIt()
    {
        var (stored, _) = await Editor().ApplyAsync(New("chat", Chat()), null, CancellationToken.None);
        var change = new ChannelInput(null, null, null, new JsonObject { ["token"] = null }, default, default);

        var (_, errors) = await Editor().ApplyAsync(change, stored, CancellationToken.None);

        Assert.Equal("token is required", Assert.Single(errors!["settings.token"]));
    }

    [Theory]
    [InlineData("abcdefghijk", "••••")]
    [InlineData("abcdefghijkl", "••••ijkl")]
    [InlineData("", "••••")]
    public void Mask_ShowsTheLastFourCharactersOfALongSecretOnly(string secret, string masked) =>
        Assert.Equal(masked, ChannelView.Mask(JsonValue.Create(secret)));

    [Fact]
    public void Mask_NotAString_Hidden() => Assert.Equal("••••", ChannelView.Mask(JsonValue.Create(1234567890123456L)));

    private static JsonObject Chat() => new() { ["room"] = "ops", ["token"] = "chat-token-0123456", ["url"] = "https://chat.example/hook/abc" };

    private static ChannelInput New(string type, JsonObject settings) => new("ops chat", type, null, settings, default, default);

    private ChannelEditor Editor(bool allowPrivate = false)
    {
        var targets = new WebsiteTargets(allowPrivate, (host, _) =>
            Task.FromResult(host == "internal.example" ? new[] { IPAddress.Parse("10.0.0.5") } : [IPAddress.Parse("93.184.216.34")]));
        return new ChannelEditor(new NotificationChannels([new ChatChannel()]), _secrets, new ChannelTargets(targets), new BraceTemplates());
    }

    /// <summary>A channel type with a shown setting (<c>room</c>, required), secrets (<c>token</c>, 12+ characters; <c>url</c>) and an optional <c>topic</c>.</summary>
    private sealed class ChatChannel : INotificationChannel
    {
        public string Type => "chat";

        public IReadOnlySet<string> SecretFields { get; } = new HashSet<string> { "token", "url" };

        public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
        {
            var problems = new Dictionary<string, string>();
            foreach (var (name, _) in settings.Where(s => s.Key is not ("room" or "token" or "url" or "topic")))
            {
                problems[name] = $"{name} is not a setting of a chat channel";
            }

            foreach (var required in new[] { "room", "token", "url" }.Where(r => settings[r] is null))
            {
                problems[required] = $"{required} is required";
            }

            if (settings["token"]?.GetValue<string>() is { Length: < 12 })
            {
                problems["token"] = "token must be at least 12 characters";
            }

            return problems;
        }

        public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) =>
            new Dictionary<string, string> { ["url"] = settings["url"]!.GetValue<string>() };

        public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>Templates whose every opened <c>{%</c> must be closed.</summary>
    private sealed class BraceTemplates : INotificationTemplates
    {
        public string? Validate(string template) =>
            template.Split("{%").Skip(1).All(part => part.Contains("%}", StringComparison.Ordinal)) ? null : "unclosed tag";

        public (string Subject, string Body) Render(IReadOnlyList<NotificationItem> items, string? subjectTemplate, string? bodyTemplate) =>
            throw new NotSupportedException();
    }
}
