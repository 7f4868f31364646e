using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Uptime.Hub.Notifications;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>Each channel type's settings: valid ones pass, each bad value is a problem keyed by and naming its setting, secrets are declared, targets listed.</summary>
public sealed class ChannelSettingsTests
{
    private static readonly Dictionary<string, JsonObject> _valid = new()
    {
        ["webhook"] = new() { ["url"] = "https://hooks.example.com/uptime", ["secret"] = "0123456789abcdef" },
        ["slack"] = new() { ["url"] = "https://hooks.slack.com/services/T000/B000/XXXX" },
        ["discord"] = new() { ["url"] = "https://discord.com/api/webhooks/1/abc" },
        ["teams"] = new() { ["url"] = "https://prod-00.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=x" },
        ["telegram"] = new() { ["botToken"] = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ", ["chatId"] = "@uptime_alerts" },
        ["ntfy"] = new() { ["url"] = "https://ntfy.sh/my-alerts", ["priority"] = "high", ["tags"] = new JsonArray("prod"), ["token"] = "tk_abc" },
        ["email"] = new()
        {
            ["host"] = "smtp.example.com",
            ["port"] = 465,
            ["security"] = "tls",
            ["username"] = "uptime",
            ["password"] = "pw",
            ["from"] = "uptime@example.com",
            ["to"] = new JsonArray("ops@example.com", "Oncall <oncall@example.com>"),
        },
        ["pagerduty"] = new() { ["routingKey"] = "R0UT1NGKEY0123456789abcdefABCDEF", ["severity"] = "error" },
    };

    public static TheoryData<string> Types => [.. _valid.Keys];

    /// <summary>type, setting, bad value (JSON; null to remove the setting), words the problem must contain.</summary>
    public static TheoryData<string, string, string?, string> BadValues => new()
    {
        { "webhook", "url", null, "url is required" },
        { "webhook", "url", "\"not a url\"", "url must be an absolute URL" },
        { "webhook", "url", "\"ftp://example.com/x\"", "url must be an https:// or http:// URL, not ftp:" },
        { "webhook", "url", "\"https://user:pw@example.com/x\"", "url must not carry credentials" },
        { "webhook", "secret", null, "secret is required" },
        { "webhook", "secret", "\"short\"", "secret must be at least 16 characters" },
        { "webhook", "secret", "42", "secret must be a non-empty string" },
        { "slack", "url", "\"hooks.slack.com/services/x\"", "url must be an absolute URL" },
        { "slack", "url", "\"\"", "url must be a non-empty string" },
        { "discord", "url", "\"mailto:a@example.com\"", "url must be an https:// or http:// URL, not mailto:" },
        { "teams", "url", null, "url is required" },
        { "telegram", "botToken", null, "botToken is required" },
        { "telegram", "botToken", "\"not-a-token\"", "botToken must be a bot token" },
        { "telegram", "chatId", "\"general chat\"", "chatId must be a chat id" },
        { "telegram", "apiUrl", "\"api.telegram.org\"", "apiUrl must be an absolute URL" },
        { "ntfy", "url", "\"https://ntfy.sh/\"", "url must name a topic" },
        { "ntfy", "url", "\"https://ntfy.sh/alerts/\"", "url must name a topic, without a trailing slash" },
        { "ntfy", "priority", "\"loud\"", "priority must be one of min, low, default, high, urgent, got \"loud\"" },
        { "ntfy", "tags", "\"prod\"", "tags must be an array of 0 to 10 tags" },
        { "ntfy", "tags", "[\"a,b\"]", "tags[0] is not a tag of 1 to 64 characters without a comma" },
        { "ntfy", "token", "\"\"", "token must be a non-empty string" },
        { "email", "host", null, "host is required" },
        { "email", "host", "\"smtp example com\"", "host must be the SMTP server's host name" },
        { "email", "port", "70000", "port must be an integer from 1 to 65535" },
        { "email", "port", "\"587\"", "port must be an integer from 1 to 65535" },
        { "email", "security", "\"ssl\"", "security must be one of starttls, tls, none, got \"ssl\"" },
        { "email", "password", null, "password is required" },
        { "email", "from", "\"uptime at example.com\"", "from must be an email address" },
        { "email", "to", "[]", "to must be an array of 1 to 20 email addresses" },
        { "email", "to", "[\"ops@example.com\", \"not an address\"]", "to[1] is not an email address: \"not an address\"" },
        { "email", "username", "\"\"", "username must be a non-empty string" },
        { "pagerduty", "routingKey", null, "routingKey is required" },
        { "pagerduty", "routingKey", "\"too-short\"", "routingKey must be the 32-character integration key" },
        { "pagerduty", "severity", "\"fatal\"", "severity must be one of critical, error, warning, info, got \"fatal\"" },
        { "pagerduty", "apiUrl", "\"file:///etc/passwd\"", "apiUrl must be an https:// or http:// URL, not file:" },
    };

    [Fact]
    public void AddNotificationChannels_RegistersTheEightTypesOfTheSchema()
    {
        var channels = new ServiceCollection().AddNotificationChannels().BuildServiceProvider().GetRequiredService<NotificationChannels>();

        Assert.Equal(["discord", "email", "ntfy", "pagerduty", "slack", "teams", "telegram", "webhook"], channels.Types.Order());
        Assert.Equal(_valid.Keys.Order(), channels.Types.Order());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Validate_ValidSettings_NoProblem(string type) => Assert.Empty(Samples.Channel(type).Validate(Copy(_valid[type])));

    [Theory]
    [MemberData(nameof(Types))]
    public void Validate_UnknownSetting_ProblemNamingIt(string type)
    {
        var settings = Copy(_valid[type]);
        settings["colour"] = "red";

        var problems = Samples.Channel(type).Validate(settings);

        var (name, message) = Assert.Single(problems);
        Assert.Equal("colour", name);
        Assert.StartsWith($"colour is not a setting of {type} channels", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Validate_BadValue_ProblemKeyedByAndNamingTheSetting(string type, string setting, string? json, string expected)
    {
        var settings = Copy(_valid[type]);
        settings.Remove(setting);
        if (json is not null)
        {
            settings[setting] = JsonNode.Parse(json);
        }

        var problems = Samples.Channel(type).Validate(settings);

        var (name, message) = Assert.Single(problems);
        Assert.Equal(setting, name);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("webhook", "secret,url")]
    [InlineData("slack", "url")]
    [InlineData("discord", "url")]
    [InlineData("teams", "url")]
    [InlineData("telegram", "botToken")]
    [InlineData("ntfy", "token,url")]
    [InlineData("email", "password")]
    [InlineData("pagerduty", "routingKey")]
    public void SecretFields_AreTheSettingsThatGrantAccess(string type, string secrets) =>
        Assert.Equal(secrets.Split(','), Samples.Channel(type).SecretFields.Order());

    [Theory]
    [InlineData("webhook", "url", "https://hooks.example.com/uptime")]
    [InlineData("ntfy", "url", "https://ntfy.sh/my-alerts")]
    [InlineData("email", "host", "smtp.example.com")]
    [InlineData("telegram", "apiUrl", "https://api.telegram.org")]
    [InlineData("pagerduty", "apiUrl", "https://events.pagerduty.com/v2/enqueue")]
    public void TargetsOf_WhereTheHubConnects(string type, string setting, string target) =>
        Assert.Equal(new Dictionary<string, string> { [setting] = target }, Samples.Channel(type).TargetsOf(Copy(_valid[type])));

    private static JsonObject Copy(JsonObject settings) => JsonNode.Parse(settings.ToJsonString())!.AsObject();
}
