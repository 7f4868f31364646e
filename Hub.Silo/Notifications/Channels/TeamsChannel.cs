using System.Globalization;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// A Microsoft Teams workflow webhook ("Post to a channel when a webhook request is received"): POST of a message
/// whose one attachment is an Adaptive Card 1.4: the subject (bold, red for an alert, amber for a certificate warning), the
/// body, a fact set (the facts of one event, or a line per website of a group) and an "Open incident" action for one
/// incident ("Open website" for a certificate warning).
/// </summary>
public sealed class TeamsChannel(IHttpClientFactory clients) : INotificationChannel
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
    private const int MaxFacts = 30;

    private static readonly string[] _settings = ["url"];

    public string Type => "teams";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(_settings, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.HttpUrl("url", required: true, "the HTTP POST URL of the Teams workflow's webhook trigger");
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "url");

    public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var url = ChannelSettings.Text(settings, "url")!;
        var kind = ChannelText.Kind(notification);
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "TextBlock", ["text"] = notification.Subject, ["weight"] = "Bolder", ["size"] = "Medium",
                    ["wrap"] = true, ["color"] = Color(kind),
                },
                new JsonObject { ["type"] = "TextBlock", ["text"] = notification.Body, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray([.. Facts(notification)]) },
            },
        };
        if (!notification.IsGroup && notification.Items[0].Link is { } link)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = notification.Items[0].LinkText, ["url"] = link });
        }
        var body = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = AdaptiveCardContentType, ["contentUrl"] = null, ["content"] = card }),
        };
        return HttpDelivery.SendAsync(clients, HttpDelivery.JsonPost(url, body), [url], cancellationToken);
    }

    private static IEnumerable<JsonObject> Facts(OutgoingNotification notification)
    {
        if (notification.IsGroup)
        {
            var items = notification.Items;
            foreach (var item in items.Take(MaxFacts))
            {
                yield return Fact(NotificationFacts.WebsiteTitle(item.Payload), NotificationFacts.Line(item));
            }
            if (items.Count > MaxFacts)
            {
                yield return Fact("…", $"and {items.Count - MaxFacts} more");
            }
            yield break;
        }
        var payload = notification.Items[0].Payload;
        if (payload.WebsiteUrl is not null)
        {
            yield return Fact("Website", payload.WebsiteUrl);
        }
        if (payload.Verdict is not null)
        {
            yield return Fact("Verdict", payload.Verdict);
        }
        if (payload.Certificate is { } certificate)
        {
            yield return Fact("Expires", NotificationFacts.Utc(certificate.ExpiresAt));
            yield return Fact("Days left", certificate.DaysLeft.ToString(CultureInfo.InvariantCulture));
            yield return Fact("Subject", certificate.Subject);
            yield return Fact("Names", string.Join(", ", certificate.Names));
            yield return Fact("Issuer", certificate.Issuer);
        }
        if (NotificationFacts.VoteSummary(payload) is { } votes)
        {
            yield return Fact("Regions", votes);
        }
        if (payload.OpenedAt is { } openedAt)
        {
            yield return Fact("Since", NotificationFacts.Utc(openedAt));
        }
        if (payload.Duration is { } duration)
        {
            yield return Fact("Duration", NotificationFacts.Duration(duration));
        }
    }

    private static string Color(string kind) => kind switch
    {
        NotificationEventKind.Opened or NotificationEventKind.Reminder => "Attention",
        NotificationEventKind.Certificate => "Warning",
        _ => "Good",
    };

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
