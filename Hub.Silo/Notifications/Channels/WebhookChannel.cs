using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// A generic webhook: POST of <see cref="WebhookPayload"/> (version 1) as JSON, with <c>X-Uptime-Delivery</c> (the
/// idempotency key), <c>X-Uptime-Timestamp</c> (unix seconds) and <c>X-Uptime-Signature: sha256=</c> the hex
/// HMAC-SHA256, keyed with <c>secret</c>, of the timestamp, a dot and the body.
/// </summary>
public sealed class WebhookChannel(IHttpClientFactory clients, TimeProvider time) : INotificationChannel
{
    public const string DeliveryHeader = "X-Uptime-Delivery";
    public const string TimestampHeader = "X-Uptime-Timestamp";
    public const string SignatureHeader = "X-Uptime-Signature";
    public const int MinSecretChars = 16;

    private static readonly string[] _settings = ["url", "secret"];

    public string Type => "webhook";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(_settings, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.HttpUrl("url", required: true, "the URL the hub POSTs to");
        check.Matches("secret", required: true, s => s.Length >= MinSecretChars, $"at least {MinSecretChars} characters (the HMAC key of X-Uptime-Signature)");
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "url");

    public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var url = ChannelSettings.Text(settings, "url")!;
        var secret = ChannelSettings.Text(settings, "secret")!;
        var body = WebhookPayload.Of(notification).ToJsonString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(DeliveryHeader, notification.DeliveryKey);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, "sha256=" + Signature(secret, timestamp, body));
        return HttpDelivery.SendAsync(clients, request, [url, secret], cancellationToken);
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <c>timestamp + "." + body</c> (UTF-8), keyed with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string Signature(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
