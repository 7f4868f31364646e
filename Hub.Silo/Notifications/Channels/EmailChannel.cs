using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// Email through an SMTP server (MailKit): STARTTLS (default, port 587), TLS from the first byte (465) or none, AUTH
/// when a username is given; a multipart/alternative message, plain text and HTML, whose Message-Id derives from the
/// delivery key, so a re-sent message is recognisably the same one.
/// </summary>
public sealed class EmailChannel : INotificationChannel
{
    public const int MaxRecipients = 20;

    private static readonly string[] _settings = ["host", "port", "security", "username", "password", "from", "to"];
    private static readonly string[] _securities = ["starttls", "tls", "none"];

    private readonly RemoteCertificateValidationCallback? _certificateValidation;

    public EmailChannel()
    {
    }

    /// <summary>With a certificate check of its own instead of the system's (a test's self-signed SMTP server).</summary>
    internal EmailChannel(RemoteCertificateValidationCallback certificateValidation) => _certificateValidation = certificateValidation;

    public string Type => "email";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(["password"], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.Matches("host", required: true, h => Uri.CheckHostName(h) != UriHostNameType.Unknown, "the SMTP server's host name or IP address");
        check.Integer("port", 1, 65535);
        check.OneOf("security", _securities);
        var username = check.Text("username", required: false, "the SMTP user name");
        check.Text("password", required: username is not null, "the SMTP password (required with a username)");
        check.Matches("from", required: true, SettingsCheck.IsEmailAddress, "an email address, e.g. uptime@example.com");
        check.Texts("to", 1, MaxRecipients, SettingsCheck.IsEmailAddress, "email addresses", "an email address");
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "host");

    public async Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var host = ChannelSettings.Text(settings, "host")!;
        var password = ChannelSettings.Text(settings, "password");
        using var client = new SmtpClient { Timeout = (int)HttpDelivery.Timeout.TotalMilliseconds };
        if (_certificateValidation is not null)
        {
            client.ServerCertificateValidationCallback = _certificateValidation;
        }
        try
        {
            await client.ConnectAsync(host, ChannelSettings.Integer(settings, "port") ?? 587, Security(ChannelSettings.Text(settings, "security")), cancellationToken);
            if (ChannelSettings.Text(settings, "username") is { } username)
            {
                await client.AuthenticateAsync(username, password ?? "", cancellationToken);
            }
            await client.SendAsync(Message(settings, notification), cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryResult.Success(null);
        }
        catch (SmtpCommandException e)
        {
            var error = HttpDelivery.Redact($"{host} answered SMTP {(int)e.StatusCode}: {e.Message}", [password]);
            return (int)e.StatusCode >= 500 ? DeliveryResult.Refused(null, error) : DeliveryResult.Failure(null, error);
        }
        catch (AuthenticationException e)
        {
            return DeliveryResult.Refused(null, $"{host} refused the login: {HttpDelivery.Redact(e.Message, [password])}");
        }
        catch (SslHandshakeException)
        {
            return DeliveryResult.Failure(null, $"{host}: the TLS handshake failed (certificate not trusted, or the server does not speak {ChannelSettings.TextOr(settings, "security", "starttls")} on this port)");
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException or NotSupportedException)
        {
            return DeliveryResult.Failure(null, $"{host}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failure(null, $"{host} did not answer within {HttpDelivery.Timeout.TotalSeconds:0} s");
        }
    }

    private static SecureSocketOptions Security(string? security) => security switch
    {
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static MimeMessage Message(JsonObject settings, OutgoingNotification notification)
    {
        var message = new MimeMessage { Subject = notification.Subject };
        message.From.Add(MailboxAddress.Parse(ChannelSettings.Text(settings, "from")!));
        message.To.AddRange(ChannelSettings.Texts(settings, "to").Select(MailboxAddress.Parse));
        message.MessageId = $"{notification.DeliveryKey}@uptime.notifications";
        message.Headers.Add(WebhookChannel.DeliveryHeader, notification.DeliveryKey);
        message.Body = new BodyBuilder { TextBody = notification.Body, HtmlBody = Html(notification) }.ToMessageBody();
        return message;
    }

    private static string Html(OutgoingNotification notification)
    {
        var lines = string.Join("<br>\n", notification.Body.Split('\n').Select(WebUtility.HtmlEncode));
        var link = !notification.IsGroup && notification.Items[0].Link is { } url
            ? $"<p><a href=\"{WebUtility.HtmlEncode(url)}\">{notification.Items[0].LinkText}</a></p>"
            : "";
        return $"<!DOCTYPE html><html><body><h2>{WebUtility.HtmlEncode(notification.Subject)}</h2><p>{lines}</p>{link}</body></html>";
    }
}
