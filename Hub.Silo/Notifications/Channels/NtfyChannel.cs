using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// An ntfy topic, published as JSON (POST to the server's root with <c>topic</c>, <c>title</c>, <c>message</c>,
/// <c>priority</c> 1–5, <c>tags</c>, <c>click</c>), so names and text travel as UTF-8 rather than in headers. The topic
/// is the last segment of <c>url</c>; <c>token</c> is sent as <c>Authorization: Bearer</c>.
/// </summary>
public sealed class NtfyChannel(IHttpClientFactory clients) : INotificationChannel
{
    private static readonly string[] _settings = ["url", "priority", "tags", "token"];
    private static readonly string[] _priorities = ["min", "low", "default", "high", "urgent"];

    public string Type => "ntfy";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(["url", "token"], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.HttpUrl("url", required: true, "the topic URL, e.g. https://ntfy.sh/my-alerts");
        if (!check.Has("url") && ChannelSettings.Text(settings, "url") is { } url && !NamesTopic(new Uri(url)))
        {
            check.Problem("url", "url must name a topic, without a trailing slash or query: https://ntfy.example.com/<topic>");
        }
        check.OneOf("priority", _priorities);
        check.Texts("tags", 0, 10, t => t.Length is > 0 and <= 64 && !t.Contains(','), "tags", "a tag of 1 to 64 characters without a comma");
        check.Text("token", required: false, "an ntfy access token");
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "url");

    public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var topicUrl = new Uri(ChannelSettings.Text(settings, "url")!);
        var token = ChannelSettings.Text(settings, "token");
        var kind = ChannelText.Kind(notification);
        var body = new JsonObject
        {
            ["topic"] = Topic(topicUrl),
            ["title"] = notification.Subject,
            ["message"] = notification.Body,
            ["priority"] = Array.IndexOf(_priorities, ChannelSettings.Text(settings, "priority") ?? DefaultPriority(kind)) + 1,
            ["tags"] = new JsonArray([.. ChannelSettings.Texts(settings, "tags").Prepend(Emoji(kind)).Select(t => JsonValue.Create(t))]),
        };
        if (!notification.IsGroup && notification.Items[0].Link is { } link)
        {
            body["click"] = link;
        }
        var request = HttpDelivery.JsonPost(new Uri(topicUrl, ".").ToString(), body);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return HttpDelivery.SendAsync(clients, request, [topicUrl.ToString(), Topic(topicUrl), token], cancellationToken);
    }

    /// <summary>urgent for an outage, high for a reminder, default otherwise (a certificate warning has days to act).</summary>
    public static string DefaultPriority(string kind) => kind switch
    {
        NotificationEventKind.Opened => "urgent",
        NotificationEventKind.Reminder => "high",
        _ => "default",
    };

    private static string Topic(Uri url) => url.Segments[^1].Trim('/');

    private static bool NamesTopic(Uri url) => Topic(url).Length > 0 && !url.AbsolutePath.EndsWith('/') && url.Query.Length == 0;

    /// <summary>ntfy shows a tag that names an emoji as that emoji.</summary>
    private static string Emoji(string kind) => kind switch
    {
        NotificationEventKind.Opened => "rotating_light",
        NotificationEventKind.Reminder => "hourglass",
        NotificationEventKind.Acknowledged => "eyes",
        NotificationEventKind.Certificate => "warning",
        NotificationEventKind.Resolved => "white_check_mark",
        _ => "test_tube",
    };
}
