using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// A Telegram bot: POST {apiUrl}/bot{botToken}/sendMessage with <c>chat_id</c>, <c>text</c> (the subject in bold, the
/// body and the incident link (a certificate warning: the website link), HTML-escaped, <c>parse_mode</c> HTML, at most 4,096 characters) and
/// <c>disable_web_page_preview</c>.
/// </summary>
public sealed partial class TelegramChannel(IHttpClientFactory clients) : INotificationChannel
{
    public const string DefaultApiUrl = "https://api.telegram.org";
    private const int TextChars = 4096;

    private static readonly string[] _settings = ["botToken", "chatId", "apiUrl"];

    public string Type => "telegram";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(["botToken"], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.Matches("botToken", required: true, BotToken().IsMatch, "a bot token as BotFather gives it, 123456789:AA…");
        check.Matches("chatId", required: true, ChatId().IsMatch, "a chat id (an integer, negative for groups, e.g. \"-1001234567890\") or @channelusername");
        check.HttpUrl("apiUrl", required: false, $"the Bot API server, {DefaultApiUrl} unless self-hosted");
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "apiUrl", DefaultApiUrl);

    public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var token = ChannelSettings.Text(settings, "botToken")!;
        var apiUrl = ChannelSettings.TextOr(settings, "apiUrl", DefaultApiUrl).TrimEnd('/');
        var body = new JsonObject
        {
            ["chat_id"] = ChannelSettings.Text(settings, "chatId"),
            ["text"] = Text(notification),
            ["parse_mode"] = "HTML",
            ["disable_web_page_preview"] = true,
        };
        return HttpDelivery.SendAsync(clients, HttpDelivery.JsonPost($"{apiUrl}/bot{token}/sendMessage", body), [token], cancellationToken);
    }

    private static string Text(OutgoingNotification notification)
    {
        var link = !notification.IsGroup && notification.Items[0].Link is { } url
            ? $"\n\n<a href=\"{Escape(url)}\">{notification.Items[0].LinkText}</a>"
            : "";
        var head = $"<b>{Escape(ChannelText.Truncate(notification.Subject, 256))}</b>\n\n";
        // Within the limit counted on the raw text (stricter than Telegram's count after parsing), and cut before
        // escaping so that no entity is cut in half.
        var room = TextChars - head.Length - link.Length;
        var max = room;
        string body;
        while ((body = Escape(ChannelText.Truncate(notification.Body, max))).Length > room)
        {
            max -= body.Length - room;
        }
        return head + body + link;
    }

    /// <summary>The four characters Telegram's HTML mode wants as entities; the rest stays as it is (numeric entities would eat the length limit).</summary>
    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    [GeneratedRegex(@"^[0-9]{1,20}:[A-Za-z0-9_-]{20,}$")]
    private static partial Regex BotToken();

    [GeneratedRegex(@"^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$")]
    private static partial Regex ChatId();
}
