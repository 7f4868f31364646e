using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// A Slack incoming webhook: POST of <c>text</c> (the subject: the notification and fallback text) and Block Kit
/// <c>blocks</c>: a header (the subject, plain text, at most 150 characters), a mrkdwn section (the body, escaped, at
/// most 3,000 characters) and, for one event, a button to its incident (or, for a certificate warning, its website).
/// </summary>
public sealed class SlackChannel(IHttpClientFactory clients) : INotificationChannel
{
    private const int HeaderChars = 150;
    private const int SectionChars = 3000;

    private static readonly string[] _settings = ["url"];

    public string Type => "slack";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(_settings, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.HttpUrl("url", required: true, "the incoming webhook URL Slack gave, https://hooks.slack.com/services/…");
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "url");

    public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var url = ChannelSettings.Text(settings, "url")!;
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = ChannelText.Truncate(notification.Subject, HeaderChars), ["emoji"] = true },
            },
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = ChannelText.Truncate(Escape(notification.Body), SectionChars) },
            },
        };
        if (!notification.IsGroup && notification.Items[0].Link is { } link)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["type"] = "button",
                        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = notification.Items[0].LinkText },
                        ["url"] = link,
                    },
                },
            });
        }
        var body = new JsonObject { ["text"] = notification.Subject, ["blocks"] = blocks };
        return HttpDelivery.SendAsync(clients, HttpDelivery.JsonPost(url, body), [url], cancellationToken);
    }

    /// <summary>Slack's mrkdwn control characters, escaped as Slack documents (&amp;, &lt;, &gt;).</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
