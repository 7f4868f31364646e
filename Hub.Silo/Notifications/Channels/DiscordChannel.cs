using System.Globalization;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// A Discord webhook: POST of <c>content</c> (the subject, at most 2,000 characters), one embed (title, description,
/// colour by state, the incident link as its url, fields: the facts of one event or a line per website of a group) and
/// <c>allowed_mentions</c> empty, so a website name cannot ping anyone. Within Discord's limits: title 256,
/// description 4,096, 25 fields of 256/1,024, 6,000 characters for the whole embed.
/// </summary>
public sealed class DiscordChannel(IHttpClientFactory clients) : INotificationChannel
{
    public const int ContentChars = 2000;
    public const int TitleChars = 256;
    public const int DescriptionChars = 4096;
    public const int MaxFields = 25;
    public const int FieldNameChars = 256;
    public const int FieldValueChars = 1024;
    public const int EmbedChars = 6000;

    /// <summary>A group's line per website is cut shorter, so that 25 of them leave room for the description.</summary>
    private const int GroupFieldChars = 200;

    /// <summary>What the fields leave of the 6,000 characters at least, for the description.</summary>
    private const int MinDescriptionChars = 200;

    private static readonly string[] _settings = ["url"];

    public string Type => "discord";

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>(_settings, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Validate(JsonObject settings)
    {
        var check = new SettingsCheck(settings, Type, _settings);
        check.HttpUrl("url", required: true, "the webhook URL Discord gave, https://discord.com/api/webhooks/…");
        return check.Problems;
    }

    public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => Targets.Of(settings, "url");

    public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
    {
        var url = ChannelSettings.Text(settings, "url")!;
        var title = ChannelText.Truncate(notification.Subject, TitleChars);
        var fields = Fields(notification, EmbedChars - title.Length - MinDescriptionChars);
        var budget = EmbedChars - title.Length - fields.Sum(f => f.Length);
        var embed = new JsonObject
        {
            ["title"] = title,
            ["description"] = ChannelText.Truncate(notification.Body, Math.Min(DescriptionChars, budget)),
            ["color"] = Color(ChannelText.Kind(notification), notification.Items[0].Payload.Verdict),
            ["timestamp"] = NotificationFacts.AsUtc(notification.Items[^1].Payload.At),
            ["fields"] = new JsonArray([.. fields.Select(f => new JsonObject { ["name"] = f.Name, ["value"] = f.Value, ["inline"] = f.Inline })]),
        };
        if (!notification.IsGroup && notification.Items[0].Link is { } link)
        {
            embed["url"] = link;
        }
        var body = new JsonObject
        {
            ["content"] = ChannelText.Truncate(notification.Subject, ContentChars),
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
        return HttpDelivery.SendAsync(clients, HttpDelivery.JsonPost(url, body), [url], cancellationToken);
    }

    /// <summary>The fields that fit in <paramref name="budget"/> characters and 25 fields, the last one counting those left out.</summary>
    private static List<EmbedField> Fields(OutgoingNotification notification, int budget)
    {
        var wanted = notification.IsGroup
            ? [.. notification.Items.Select(i => new EmbedField(NotificationFacts.WebsiteTitle(i.Payload), NotificationFacts.Line(i), false))]
            : SingleFields(notification.Items[0]);
        var fields = new List<EmbedField>();
        foreach (var want in wanted)
        {
            var field = new EmbedField(ChannelText.Truncate(want.Name, FieldNameChars), ChannelText.Truncate(want.Value, notification.IsGroup ? GroupFieldChars : FieldValueChars), want.Inline);
            var left = wanted.Count - fields.Count;
            if ((fields.Count == MaxFields - 1 && left > 1) || field.Length > budget)
            {
                fields.Add(new EmbedField("…", $"and {left} more", false));
                break;
            }
            fields.Add(field);
            budget -= field.Length;
        }
        return fields;
    }

    private static List<EmbedField> SingleFields(NotificationItem item)
    {
        var payload = item.Payload;
        var fields = new List<EmbedField>();
        if (payload.WebsiteUrl is not null)
        {
            fields.Add(new("Website", payload.WebsiteUrl, false));
        }
        if (payload.Verdict is not null)
        {
            fields.Add(new("Verdict", payload.Verdict, true));
        }
        if (payload.Certificate is { } certificate)
        {
            fields.Add(new("Expires", NotificationFacts.Utc(certificate.ExpiresAt), true));
            fields.Add(new("Days left", certificate.DaysLeft.ToString(CultureInfo.InvariantCulture), true));
            fields.Add(new("Subject", certificate.Subject, false));
            fields.Add(new("Names", certificate.Names.Count == 0 ? "–" : string.Join(", ", certificate.Names), false));
            fields.Add(new("Issuer", certificate.Issuer, false));
        }
        if (payload.OpenedAt is { } openedAt)
        {
            fields.Add(new("Since", NotificationFacts.Utc(openedAt), true));
        }
        if (payload.Duration is { } duration)
        {
            fields.Add(new("Duration", NotificationFacts.Duration(duration), true));
        }
        if (NotificationFacts.VoteSummary(payload) is { } votes)
        {
            fields.Add(new("Regions", votes, false));
        }
        return fields;
    }

    private static int Color(string kind, string? verdict) => kind switch
    {
        NotificationEventKind.Opened or NotificationEventKind.Reminder => verdict == "Degraded" ? 0xE67E22 : 0xE74C3C,
        NotificationEventKind.Certificate => 0xF39C12,
        NotificationEventKind.Resolved => 0x2ECC71,
        NotificationEventKind.Acknowledged => 0xF1C40F,
        _ => 0x95A5A6,
    };

    private sealed record EmbedField(string Name, string Value, bool Inline)
    {
        public int Length => Name.Length + Value.Length;
    }
}
