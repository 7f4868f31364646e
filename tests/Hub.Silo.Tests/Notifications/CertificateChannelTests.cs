using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using Uptime.Hub.Notifications.Channels;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>
/// A certificate warning (no incident, the website's link) through every channel type against a real local receiver (the
/// SMTP server for email), in each service's request shape: what expires when, days left, subject, names, issuer.
/// </summary>
public sealed class CertificateChannelTests
{
    private const string Subject = "[Certificate] My Shop expires in 7 days (2026-12-14 10:00 UTC)";

    [Fact]
    public async Task Webhook_Certificate_SignedJsonWithTheCertificateObject()
    {
        await using var receiver = await Receiver.StartAsync();
        var notification = Samples.Message(Samples.CertificateItem());
        var settings = ChannelAnswerTests.Settings("webhook", receiver.Url);

        var result = await Samples.Channel("webhook").SendAsync(settings, notification, CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var request = receiver.SinglePost();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(settings["secret"]!.GetValue<string>()), Encoding.UTF8.GetBytes($"{request.Headers["X-Uptime-Timestamp"]}.{request.Body}")));
        Assert.Equal("sha256=" + signature, request.Headers["X-Uptime-Signature"]);
        Assert.Equal(Subject, Json.Text(request.Json, "subject"));
        var @event = Assert.Single(Json.Array(request.Json, "events"));
        Assert.Equal("certificate", Json.Text(@event, "kind"));
        Assert.Null(@event!["incidentId"]);
        Assert.Null(@event["incidentLink"]);
        Assert.Equal(Samples.WebsiteLink, Json.Text(@event, "websiteLink"));
        Assert.Equal(Samples.WebsiteId.ToString(), Json.Text(@event, "websiteId"));
        var certificate = Json.Object(@event, "certificate");
        Assert.Equal("2026-12-14T10:00:00Z", Json.Text(certificate, "expiresAt"));
        Assert.Equal((7L, 7L), (Json.Number(certificate, "daysLeft"), Json.Number(certificate, "thresholdDays")));
        Assert.Equal(("CN=shop.example.com", "CN=Example Issuing CA, O=Example"), (Json.Text(certificate, "subject"), Json.Text(certificate, "issuer")));
        Assert.Equal(["shop.example.com", "www.shop.example.com"], Json.Array(certificate, "names").Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Slack_Certificate_HeaderSaysWhenAndButtonOpensTheWebsite()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("slack").SendAsync(ChannelAnswerTests.Settings("slack", receiver.Url), Samples.Message(Samples.CertificateItem()), CancellationToken.None);

        var body = receiver.SinglePost().Json;
        Assert.Equal(Subject, Json.Text(body, "text"));
        var blocks = Json.Array(body, "blocks");
        Assert.Equal(["header", "section", "actions"], blocks.Select(b => Json.Text(b, "type")));
        Assert.Contains("Issuer: CN=Example Issuing CA, O=Example", Json.Text(Json.Object(blocks[1], "text"), "text"), StringComparison.Ordinal);
        var button = Assert.Single(Json.Array(blocks[2], "elements"));
        Assert.Equal(("Open website", Samples.WebsiteLink), (Json.Text(Json.Object(button, "text"), "text"), Json.Text(button, "url")));
    }

    [Fact]
    public async Task Discord_Certificate_AmberEmbedWithTheCertificateFields()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("discord").SendAsync(ChannelAnswerTests.Settings("discord", receiver.Url), Samples.Message(Samples.CertificateItem()), CancellationToken.None);

        var embed = Assert.Single(Json.Array(receiver.SinglePost().Json, "embeds"));
        Assert.Equal((Subject, 0xF39C12L, Samples.WebsiteLink), (Json.Text(embed, "title"), Json.Number(embed, "color"), Json.Text(embed, "url")));
        var fields = Json.Array(embed, "fields").ToDictionary(f => Json.Text(f, "name"), f => Json.Text(f, "value"));
        Assert.Equal("2026-12-14 10:00:00 UTC", fields["Expires"]);
        Assert.Equal("7", fields["Days left"]);
        Assert.Equal("shop.example.com, www.shop.example.com", fields["Names"]);
        Assert.Equal("CN=Example Issuing CA, O=Example", fields["Issuer"]);
        Assert.False(fields.ContainsKey("Verdict"));
    }

    [Fact]
    public async Task Teams_Certificate_WarningCardWithFactsAndOpenWebsite()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("teams").SendAsync(ChannelAnswerTests.Settings("teams", receiver.Url), Samples.Message(Samples.CertificateItem()), CancellationToken.None);

        var attachment = Assert.Single(Json.Array(receiver.SinglePost().Json, "attachments"));
        Assert.Equal(TeamsChannel.AdaptiveCardContentType, Json.Text(attachment, "contentType"));
        var card = Json.Object(attachment, "content");
        var blocks = Json.Array(card, "body");
        Assert.Equal((Subject, "Warning"), (Json.Text(blocks[0], "text"), Json.Text(blocks[0], "color")));
        var facts = Json.Array(blocks[2], "facts").ToDictionary(f => Json.Text(f, "title"), f => Json.Text(f, "value"));
        Assert.Equal(("7", "CN=shop.example.com"), (facts["Days left"], facts["Subject"]));
        var action = Assert.Single(Json.Array(card, "actions"));
        Assert.Equal(("Open website", Samples.WebsiteLink), (Json.Text(action, "title"), Json.Text(action, "url")));
    }

    [Fact]
    public async Task Telegram_Certificate_BoldSubjectAndWebsiteLink()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("telegram").SendAsync(ChannelAnswerTests.Settings("telegram", receiver.Url), Samples.Message(Samples.CertificateItem()), CancellationToken.None);

        var text = Json.Text(receiver.SinglePost().Json, "text");
        Assert.StartsWith($"<b>{Subject}</b>\n\nThe TLS certificate of My Shop (https://shop.example.com/) expires in 7 days", text, StringComparison.Ordinal);
        Assert.EndsWith($"<a href=\"{Samples.WebsiteLink}\">Open website</a>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ntfy_Certificate_DefaultPriorityWarningTagClickToTheWebsite()
    {
        await using var receiver = await Receiver.StartAsync();

        await Samples.Channel("ntfy").SendAsync(ChannelAnswerTests.Settings("ntfy", receiver.Url), Samples.Message(Samples.CertificateItem()), CancellationToken.None);

        var body = receiver.SinglePost().Json;
        Assert.Equal((Subject, 3L, Samples.WebsiteLink), (Json.Text(body, "title"), Json.Number(body, "priority"), Json.Text(body, "click")));
        Assert.Equal("warning", Json.Array(body, "tags")[0]!.GetValue<string>());
    }

    [Fact]
    public async Task PagerDuty_Certificate_WarningTriggerWithOneDedupKeyPerCertificate()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = Receiver.Status(202, """{"status":"success","message":"Event processed"}""");
        var tighter = Samples.Certificate() with { Certificate = Samples.Certificate().Certificate! with { DaysLeft = 1, ThresholdDays = 1 } };
        var settings = ChannelAnswerTests.Settings("pagerduty", receiver.Url);

        await Samples.Channel("pagerduty").SendAsync(settings, Samples.Message(Samples.CertificateItem()), CancellationToken.None);
        await Samples.Channel("pagerduty").SendAsync(settings, Samples.Message(Samples.CertificateItem(tighter)), CancellationToken.None);

        var (first, second) = (receiver.Requests[0].Json, receiver.Requests[1].Json);
        var expiry = new DateTimeOffset(2026, 12, 14, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(("trigger", $"uptime-certificate-{Samples.WebsiteId}-{expiry}"), (Json.Text(first, "event_action"), Json.Text(first, "dedup_key")));
        Assert.Equal(Json.Text(first, "dedup_key"), Json.Text(second, "dedup_key"));
        var payload = Json.Object(first, "payload");
        Assert.Equal(("warning", "certificate", "My Shop"), (Json.Text(payload, "severity"), Json.Text(payload, "class"), Json.Text(payload, "component")));
        Assert.Equal(
            "CERTIFICATE My Shop https://shop.example.com/: expires in 7 days (2026-12-14 10:00 UTC)", Json.Text(payload, "summary"));
        var details = Json.Object(payload, "custom_details");
        Assert.Equal((7L, 7L, "shop.example.com, www.shop.example.com"), (Json.Number(details, "daysLeft"), Json.Number(details, "thresholdDays"), Json.Text(details, "names")));
        Assert.Equal(1, Json.Number(Json.Object(Json.Object(second, "payload"), "custom_details"), "daysLeft"));
        Assert.Equal(Samples.WebsiteLink, Json.Text(Assert.Single(Json.Array(first, "links")), "href"));
    }

    [Fact]
    public async Task PagerDuty_CertificateOnAnInfoChannel_StaysInfo()
    {
        await using var receiver = await Receiver.StartAsync();
        var settings = ChannelAnswerTests.Settings("pagerduty", receiver.Url);
        settings["severity"] = "info";

        await Samples.Channel("pagerduty").SendAsync(settings, Samples.Message(Samples.CertificateItem()), CancellationToken.None);

        Assert.Equal("info", Json.Text(Json.Object(receiver.SinglePost().Json, "payload"), "severity"));
    }

    [Fact]
    public async Task Email_Certificate_PlainTextAndHtmlWithTheWebsiteLink()
    {
        using var smtp = new SmtpReceiver(allowAuthWithoutTls: true);
        var notification = Samples.Message(Samples.CertificateItem());
        var settings = new JsonObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = smtp.Port,
            ["security"] = "none",
            ["username"] = SmtpReceiver.User,
            ["password"] = SmtpReceiver.Password,
            ["from"] = "uptime@example.com",
            ["to"] = new JsonArray("ops@example.com"),
        };

        var result = await Samples.Channel("email").SendAsync(settings, notification, CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(smtp.Mails);
        Assert.Equal(SmtpReceiver.User, mail.User);
        var message = mail.Message;
        Assert.Equal(Subject, message.Subject);
        Assert.Equal(notification.Body, message.TextBody!.TrimEnd('\r', '\n').ReplaceLineEndings("\n"));
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Contains("Names: shop.example.com, www.shop.example.com<br>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Samples.WebsiteLink}\">Open website</a>", message.HtmlBody, StringComparison.Ordinal);
    }
}
