using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MimeKit;
using Uptime.Hub.Notifications.Channels;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>Email through a real SMTP server in the test process: STARTTLS with a self-signed certificate, AUTH, the message parsed and checked.</summary>
public sealed class EmailChannelTests
{
    [Fact]
    public async Task SendAsync_StartTlsAndAuth_DeliversPlainTextAndHtml()
    {
        using var smtp = new SmtpReceiver(allowAuthWithoutTls: false);
        var notification = Samples.Single(Samples.Opened(name: "Shop <&>"));

        var result = await Trusting(smtp).SendAsync(Settings(smtp, "starttls"), notification, CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(smtp.Mails);
        Assert.True(mail.OverTls);
        Assert.Equal(SmtpReceiver.User, mail.User);
        Assert.Equal("uptime@example.com", mail.EnvelopeFrom);
        Assert.Equal(["ops@example.com", "oncall@example.com"], mail.EnvelopeTo);
        var message = mail.Message;
        Assert.Equal("uptime@example.com", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(["ops@example.com", "oncall@example.com"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("Oncall", message.To.Mailboxes.Last().Name);
        Assert.Equal(notification.Subject, message.Subject);
        Assert.Equal($"{notification.DeliveryKey}@uptime.notifications", message.MessageId);
        Assert.Equal(notification.DeliveryKey, message.Headers["X-Uptime-Delivery"]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(notification.Body, message.TextBody!.TrimEnd('\r', '\n').ReplaceLineEndings("\n"));
        Assert.Contains("Shop &lt;&amp;&gt; (https://shop.example.com/) is down.<br>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Samples.Link}\">Open incident</a>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("us-east HTTP 503", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ImplicitTls_Delivers()
    {
        using var smtp = new SmtpReceiver(allowAuthWithoutTls: false, implicitTls: true);

        var result = await Trusting(smtp).SendAsync(Settings(smtp, "tls"), Samples.Single(Samples.Resolved()), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(smtp.Mails);
        Assert.True(mail.OverTls);
        Assert.Equal("[Resolved] My Shop is up again after 12m 30s", mail.Message.Subject);
    }

    [Fact]
    public async Task SendAsync_NoTls_DeliversAGroup()
    {
        using var smtp = new SmtpReceiver(allowAuthWithoutTls: true);
        var notification = Samples.Group(down: 4, resolved: 1);

        var result = await new EmailChannel().SendAsync(Settings(smtp, "none"), notification, CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(smtp.Mails);
        Assert.False(mail.OverTls);
        Assert.Equal("4 websites down: site-1, site-2, site-3, … (and 1 more resolved)", mail.Message.Subject);
        Assert.Equal(5, mail.Message.TextBody!.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task SendAsync_WrongPassword_RefusedWithoutThePassword()
    {
        using var smtp = new SmtpReceiver(allowAuthWithoutTls: false);
        var settings = Settings(smtp, "starttls");
        settings["password"] = "wrong-password-123";

        var result = await Trusting(smtp).SendAsync(settings, Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, true), (result.Delivered, result.Permanent));
        Assert.Contains("refused the login", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-123", result.Error, StringComparison.Ordinal);
        Assert.Empty(smtp.Mails);
    }

    [Fact]
    public async Task SendAsync_RegisteredChannelAndSelfSignedCertificate_NotSentAndRetried()
    {
        using var smtp = new SmtpReceiver(allowAuthWithoutTls: false);

        var result = await Samples.Channel("email").SendAsync(Settings(smtp, "starttls"), Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, false), (result.Delivered, result.Permanent));
        Assert.Contains("TLS handshake failed", result.Error, StringComparison.Ordinal);
        Assert.Empty(smtp.Mails);
    }

    [Fact]
    public async Task SendAsync_ServerDown_Retried()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = new JsonObject { ["host"] = "127.0.0.1", ["port"] = port, ["security"] = "none", ["from"] = "uptime@example.com", ["to"] = new JsonArray("ops@example.com") };

        var result = await new EmailChannel().SendAsync(settings, Samples.Single(Samples.Opened()), CancellationToken.None);

        Assert.Equal((false, false, null as int?), (result.Delivered, result.Permanent, result.Status));
        Assert.StartsWith("127.0.0.1:", result.Error, StringComparison.Ordinal);
    }

    private static EmailChannel Trusting(SmtpReceiver smtp) =>
        new((_, certificate, _, _) => certificate?.GetCertHashString() == smtp.Certificate.GetCertHashString());

    private static JsonObject Settings(SmtpReceiver smtp, string security) => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = smtp.Port,
        ["security"] = security,
        ["username"] = SmtpReceiver.User,
        ["password"] = SmtpReceiver.Password,
        ["from"] = "uptime@example.com",
        ["to"] = new JsonArray("ops@example.com", "Oncall <oncall@example.com>"),
    };
}
