using System.Text.Json.Nodes;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>Slack, Discord, Teams and Telegram against a real local receiver: the request shape each service documents, for one event and a group.</summary>
public sealed class ChatChannelTests
{
    [Fact]
    public async Task Slack_OneEvent_PostsBlockKitWithTextFallback()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Single(Samples.Opened(name: "Shop <&> Co"));

        var result = await Samples.Channel("slack").SendAsync(Settings("slack", receiver), notification, CancellationToken.None);

        Assert.True(result.Delivered);
        var request = receiver.SinglePost();
        Assert.Equal("/services/T000/B000/XXXXXXXXXXXXXXXX", request.Path);
        var body = request.Json;
        Assert.Equal(notification.Subject, Json.Text(body, "text"));
        var blocks = Json.Array(body, "blocks");
        Assert.InRange(blocks.Count, 1, 50);
        Assert.Equal(["header", "section", "actions"], blocks.Select(b => Json.Text(b, "type")));
        var header = Json.Object(blocks[0], "text");
        Assert.Equal(("plain_text", notification.Subject), (Json.Text(header, "type"), Json.Text(header, "text")));
        var section = Json.Object(blocks[1], "text");
        Assert.Equal("mrkdwn", Json.Text(section, "type"));
        Assert.Contains("Shop &lt;&amp;&gt; Co", Json.Text(section, "text"), StringComparison.Ordinal);
        Assert.DoesNotContain("<&>", Json.Text(section, "text"), StringComparison.Ordinal);
        Assert.Contains("Down from 2 of 3 regions: us-east HTTP 503, eu-west Timeout after 10000 ms", Json.Text(section, "text"), StringComparison.Ordinal);
        var button = Assert.Single(Json.Array(blocks[2], "elements"));
        Assert.Equal(("button", Samples.Link), (Json.Text(button, "type"), Json.Text(button, "url")));
    }

    [Fact]
    public async Task Slack_LargeGroup_StaysWithinBlockKitLimits()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Group(down: 200);

        await Samples.Channel("slack").SendAsync(Settings("slack", receiver), notification, CancellationToken.None);

        var blocks = Json.Array(receiver.SinglePost().Json, "blocks");
        Assert.Equal(["header", "section"], blocks.Select(b => Json.Text(b, "type")));
        Assert.InRange(Json.Text(Json.Object(blocks[0], "text"), "text").Length, 1, 150);
        var section = Json.Text(Json.Object(blocks[1], "text"), "text");
        Assert.InRange(section.Length, 1, 3000);
        Assert.StartsWith("DOWN site-1 https://site-1.example.com/", section, StringComparison.Ordinal);
        Assert.StartsWith("200 websites down: site-1, site-2, site-3, …", Json.Text(receiver.SinglePost().Json, "text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discord_OneEvent_PostsEmbedColouredByVerdictLinkingTheIncident()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Single(Samples.Opened());

        await Samples.Channel("discord").SendAsync(Settings("discord", receiver), notification, CancellationToken.None);

        var request = receiver.SinglePost();
        Assert.Equal("/api/webhooks/123/tokenABC", request.Path);
        var body = request.Json;
        Assert.Equal(notification.Subject, Json.Text(body, "content"));
        Assert.Empty(Json.Array(Json.Object(body, "allowed_mentions"), "parse"));
        var embed = Assert.Single(Json.Array(body, "embeds"));
        Assert.Equal(notification.Subject, Json.Text(embed, "title"));
        Assert.Equal(notification.Body, Json.Text(embed, "description"));
        Assert.Equal(Samples.Link, Json.Text(embed, "url"));
        Assert.Equal(0xE74C3C, Json.Number(embed, "color"));
        Assert.Equal("2026-12-07T09:00:00Z", Json.Text(embed, "timestamp"));
        var fields = Json.Array(embed, "fields");
        Assert.Contains(fields, f => Json.Text(f, "name") == "Regions" && Json.Text(f, "value").StartsWith("Down from 2 of 3 regions", StringComparison.Ordinal));
        Assert.Contains(fields, f => Json.Text(f, "name") == "Since" && Json.Text(f, "value") == "2026-12-07 09:00:00 UTC");
    }

    [Fact]
    public async Task Discord_ResolvedEvent_IsGreen()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("discord").SendAsync(Settings("discord", receiver), Samples.Single(Samples.Resolved()), CancellationToken.None);

        Assert.Equal(0x2ECC71, Json.Number(Assert.Single(Json.Array(receiver.SinglePost().Json, "embeds")), "color"));
    }

    [Fact]
    public async Task Discord_LargeGroup_StaysWithinEveryEmbedLimit()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Group(down: 60, resolved: 5);

        await Samples.Channel("discord").SendAsync(Settings("discord", receiver), notification, CancellationToken.None);

        var body = receiver.SinglePost().Json;
        Assert.InRange(Json.Text(body, "content").Length, 1, 2000);
        var embed = Assert.Single(Json.Array(body, "embeds"))!.AsObject();
        var title = Json.Text(embed, "title");
        var description = Json.Text(embed, "description");
        var fields = Json.Array(embed, "fields");
        Assert.InRange(title.Length, 1, 256);
        Assert.InRange(description.Length, 1, 4096);
        Assert.InRange(fields.Count, 2, 25);
        Assert.All(fields, f => Assert.InRange(Json.Text(f, "name").Length, 1, 256));
        Assert.All(fields, f => Assert.InRange(Json.Text(f, "value").Length, 1, 1024));
        Assert.InRange(title.Length + description.Length + fields.Sum(f => Json.Text(f, "name").Length + Json.Text(f, "value").Length), 1, 6000);
        Assert.Matches("^and [0-9]+ more$", Json.Text(fields[^1], "value"));
        Assert.False(embed.ContainsKey("url"));
    }

    [Fact]
    public async Task Teams_OneEvent_PostsMessageWithAdaptiveCardAttachment()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Single(Samples.Acknowledged());

        await Samples.Channel("teams").SendAsync(Settings("teams", receiver), notification, CancellationToken.None);

        var request = receiver.SinglePost();
        Assert.Equal(("/workflows/abc/triggers/manual/paths/invoke", "?sig=SIGNATURE"), (request.Path, request.Query));
        var body = request.Json;
        Assert.Equal("message", Json.Text(body, "type"));
        var attachment = Assert.Single(Json.Array(body, "attachments"));
        Assert.Equal("application/vnd.microsoft.card.adaptive", Json.Text(attachment, "contentType"));
        var card = Json.Object(attachment, "content");
        Assert.Equal("AdaptiveCard", Json.Text(card, "type"));
        Assert.True(Version.Parse(Json.Text(card, "version")) >= new Version(1, 4));
        var blocks = Json.Array(card, "body");
        Assert.Equal(["TextBlock", "TextBlock", "FactSet"], blocks.Select(b => Json.Text(b, "type")));
        Assert.Equal(notification.Subject, Json.Text(blocks[0], "text"));
        Assert.Contains("Acknowledged by alice at 2026-12-07 09:05:00 UTC: looking into it", Json.Text(blocks[1], "text"), StringComparison.Ordinal);
        Assert.Contains(Json.Array(blocks[2], "facts"), f => Json.Text(f, "title") == "Verdict" && Json.Text(f, "value") == "Down");
        var action = Assert.Single(Json.Array(card, "actions"));
        Assert.Equal(("Action.OpenUrl", Samples.Link), (Json.Text(action, "type"), Json.Text(action, "url")));
    }

    [Fact]
    public async Task Teams_Group_OneFactPerWebsite()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("teams").SendAsync(Settings("teams", receiver), Samples.Group(down: 3, resolved: 2), CancellationToken.None);

        var card = Json.Object(Assert.Single(Json.Array(receiver.SinglePost().Json, "attachments")), "content");
        var facts = Json.Array(Json.Array(card, "body")[2], "facts");
        Assert.Equal(["site-1", "site-2", "site-3", "back-1", "back-2"], facts.Select(f => Json.Text(f, "title")));
        Assert.False(card.ContainsKey("actions"));
    }

    [Fact]
    public async Task Telegram_OneEvent_PostsSendMessageWithEscapedHtml()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Single(Samples.Opened(name: "Shop <b>&</b> \"Ünï\""));
        var settings = Settings("telegram", receiver);

        await Samples.Channel("telegram").SendAsync(settings, notification, CancellationToken.None);

        var request = receiver.SinglePost();
        Assert.Equal("/bot123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ/sendMessage", request.Path);
        var body = request.Json;
        Assert.Equal("-1001234567890", Json.Text(body, "chat_id"));
        Assert.Equal("HTML", Json.Text(body, "parse_mode"));
        Assert.True(Json.Bool(body, "disable_web_page_preview"));
        var text = Json.Text(body, "text");
        Assert.StartsWith("<b>[Down] Shop &lt;b&gt;&amp;&lt;/b&gt; &quot;Ünï&quot; is down</b>", text, StringComparison.Ordinal);
        Assert.EndsWith($"<a href=\"{Samples.Link}\">Open incident</a>", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 1, 4096);
    }

    [Fact]
    public async Task Telegram_LargeGroup_TextWithinLimit()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("telegram").SendAsync(Settings("telegram", receiver), Samples.Group(down: 300), CancellationToken.None);

        var text = Json.Text(receiver.SinglePost().Json, "text");
        Assert.InRange(text.Length, 1000, 4096);
        Assert.StartsWith("<b>300 websites down: site-1, site-2, site-3, …</b>", text, StringComparison.Ordinal);
    }

    private static JsonObject Settings(string type, Receiver receiver) => ChannelAnswerTests.Settings(type, receiver.Url);
}
