using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// PagerDuty Events API v2: one POST per event (never grouped: PagerDuty's dedup_key, the incident id, groups them
/// into one alert per incident). opened and reminder trigger (summary, source, severity, timestamp, component, class,
/// custom_details, links), acknowledged acknowledges, resolved resolves. A test triggers an alert with a test
/// dedup_key and resolves it.
/// </summary>
public sealed partial class PagerDutyChannel(IHttpClientFactory clients) : INotificationChannel
{
    public const string DefaultApiUrl = "https://events.pagerduty.com/v2/enqueue";
    private const int SummaryChars = 1024;

    private static readonly string[] _settings = ["routingKey", "apiUrl", "severity"];
    private static readonly string[] _severities = ["critical", "error", "warning", "info"];

    public string Type => "pagerduty";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(["routingKey"], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.Matches("routingKey", required: true, RoutingKey().IsMatch, "the 32-character integration key of an Events API v2 integration");
        check.HttpUrl("apiUrl", required: false, $"the Events API v2 endpoint, {DefaultApiUrl} unless told otherwise");
        check.OneOf("severity", _severities);
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "apiUrl", DefaultApiUrl);

    public async Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var results = new List<DeliveryResult>();
        foreach (var item in notification.Items)
        {
            foreach (var body in Events(settings, item, notification.DeliveryKey))
            {
                var result = await HttpDelivery.SendAsync(
                    clients, HttpDelivery.JsonPost(ChannelSettings.TextOr(settings, "apiUrl", DefaultApiUrl), body), [ChannelSettings.Text(settings, "routingKey")], cancellationToken);
                results.Add(result);
                if (!result.Delivered)
                {
                    break;
                }
            }
        }
        return HttpDelivery.Worst(results);
    }

    private static IEnumerable<JsonObject> Events(JsonObject settings, NotificationItem item, string deliveryKey)
    {
        var routingKey = ChannelSettings.Text(settings, "routingKey")!;
        var payload = item.Payload;
        if (payload.Kind == NotificationEventKind.Test)
        {
            var testKey = $"uptime-test-{deliveryKey}";
            yield return Trigger(settings, item, routingKey, testKey);
            yield return Follow(routingKey, "resolve", testKey);
            yield break;
        }
        var dedupKey = payload.IncidentId?.ToString() ?? item.EventId.ToString();
        yield return payload.Kind switch
        {
            NotificationEventKind.Acknowledged => Follow(routingKey, "acknowledge", dedupKey),
            NotificationEventKind.Resolved => Follow(routingKey, "resolve", dedupKey),
            _ => Trigger(settings, item, routingKey, dedupKey),
        };
    }

    private static JsonObject Trigger(JsonObject settings, NotificationItem item, string routingKey, string dedupKey)
    {
        var payload = item.Payload;
        var details = new JsonObject
        {
            ["kind"] = payload.Kind,
            ["reason"] = payload.Reason,
            ["regions"] = NotificationFacts.VoteSummary(payload),
            ["openedAt"] = NotificationFacts.AsUtc(payload.OpenedAt),
            ["tags"] = string.Join(", ", payload.Tags),
        };
        var trigger = new JsonObject
        {
            ["routing_key"] = routingKey,
            ["event_action"] = "trigger",
            ["dedup_key"] = dedupKey,
            ["payload"] = new JsonObject
            {
                ["summary"] = ChannelText.Truncate(NotificationFacts.Line(item with { IncidentLink = null }), SummaryChars),
                ["source"] = payload.WebsiteUrl ?? "uptime",
                ["severity"] = ChannelSettings.TextOr(settings, "severity", "critical"),
                ["timestamp"] = NotificationFacts.AsUtc(payload.At),
                ["component"] = NotificationFacts.WebsiteTitle(payload),
                ["class"] = payload.Verdict ?? payload.Kind,
                ["custom_details"] = details,
            },
            ["client"] = "Uptime",
        };
        if (item.IncidentLink is { } link)
        {
            trigger["client_url"] = link;
            trigger["links"] = new JsonArray(new JsonObject { ["href"] = link, ["text"] = "Incident in Uptime" });
        }
        return trigger;
    }

    private static JsonObject Follow(string routingKey, string action, string dedupKey) => new()
    {
        ["routing_key"] = routingKey,
        ["event_action"] = action,
        ["dedup_key"] = dedupKey,
    };

    [GeneratedRegex("^[A-Za-z0-9]{32}$")]
    private static partial Regex RoutingKey();
}
