using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// PagerDuty Events API v2: one POST per event (never grouped: PagerDuty's dedup_key, the incident id, groups them
/// into one alert per incident). opened and reminder trigger (summary, source, severity, timestamp, component, class,
/// custom_details, links), acknowledged acknowledges, resolved resolves. A test triggers an alert with a test
/// dedup_key and resolves it. A certificate warning triggers at severity warning (never above the channel's severity),
/// class certificate, with one dedup_key per certificate (<see cref="CertificateDedupKey"/>): its later, tighter warnings
/// land on the same alert, and a renewed certificate gets a new one. Nothing resolves it: whoever renews the certificate
/// resolves the alert.
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
        if (payload.Certificate is { } certificate)
        {
            yield return Trigger(settings, item, routingKey, CertificateDedupKey(payload.WebsiteId, certificate));
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

    /// <summary>"uptime-certificate-{websiteId}-{expiry, unix seconds}": one PagerDuty alert per certificate of a website.</summary>
    public static string CertificateDedupKey(Guid? websiteId, NotificationCertificate certificate) =>
        $"uptime-certificate-{websiteId}-{new DateTimeOffset(NotificationFacts.AsUtc(certificate.ExpiresAt)).ToUnixTimeSeconds()}";

    private static JsonObject Trigger(JsonObject settings, NotificationItem item, string routingKey, string dedupKey)
    {
        var payload = item.Payload;
        var details = payload.Certificate is { } certificate
            ? new JsonObject
            {
                ["kind"] = payload.Kind,
                ["expiresAt"] = NotificationFacts.AsUtc(certificate.ExpiresAt),
                ["daysLeft"] = certificate.DaysLeft,
                ["thresholdDays"] = certificate.ThresholdDays,
                ["subject"] = certificate.Subject,
                ["names"] = string.Join(", ", certificate.Names),
                ["issuer"] = certificate.Issuer,
                ["tags"] = string.Join(", ", payload.Tags),
            }
            : new JsonObject
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
                ["summary"] = ChannelText.Truncate(NotificationFacts.Line(item with { IncidentLink = null, WebsiteLink = null }), SummaryChars),
                ["source"] = payload.WebsiteUrl ?? "uptime",
                ["severity"] = Severity(settings, payload),
                ["timestamp"] = NotificationFacts.AsUtc(payload.At),
                ["component"] = NotificationFacts.WebsiteTitle(payload),
                ["class"] = payload.Verdict ?? payload.Kind,
                ["custom_details"] = details,
            },
            ["client"] = "Uptime",
        };
        if (item.Link is { } link)
        {
            trigger["client_url"] = link;
            trigger["links"] = new JsonArray(new JsonObject { ["href"] = link, ["text"] = item.IncidentLink is null ? "Website in Uptime" : "Incident in Uptime" });
        }
        return trigger;
    }

    /// <summary>The channel's severity (critical unless set); a certificate warning's is warning, or the channel's when lower.</summary>
    private static string Severity(JsonObject settings, NotificationPayload payload)
    {
        var severity = ChannelSettings.TextOr(settings, "severity", "critical");
        return payload.Kind == NotificationEventKind.Certificate && Array.IndexOf(_severities, severity) < Array.IndexOf(_severities, "warning")
            ? "warning"
            : severity;
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
