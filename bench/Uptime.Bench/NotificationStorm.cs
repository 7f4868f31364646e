using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Uptime.Bench;

/// <summary>
/// What the database says of the storm: each storm website's first incident opened after the flip (null: none), and
/// achieved / expected checks within the window before the flip and after it.
/// </summary>
internal sealed record StormFacts(IReadOnlyDictionary<Guid, DateTime?> Incidents, double AchievedBefore, double AchievedAfter);

/// <summary>
/// The notification storm: a webhook channel to a <see cref="StormReceiver"/> in this process and a policy routing every
/// website's opened and resolved events to it, created through the API before the websites; then, during the window, a
/// share of the websites (healthy until then) all answer 503 at once (<see cref="TargetFarm.StartStorm"/>). What it
/// measures: every storm website gets an incident and its 'opened' reaches the receiver, how long after the flip, in how
/// few (grouped) messages, all signed, and whether the checks keep their rate meanwhile.
/// </summary>
internal sealed class NotificationStorm : IAsyncDisposable
{
    /// <summary>The stretch after the flip in which the messages are counted: the "handful" the grouping should give.</summary>
    public static readonly TimeSpan FirstMinutes = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The "handful" of messages <see cref="FirstMinutes"/> may hold: the default 30 s grouping window gives about five
    /// (the first at once, then one per window), this leaves room for a retry or two.
    /// </summary>
    public const int MaxMessagesInFirstMinutes = 10;

    private readonly StormReceiver _receiver;

    private NotificationStorm(StormReceiver receiver) => _receiver = receiver;

    /// <summary>When the storm websites started answering 503 (UTC), once <see cref="FlipAfterAsync"/> did it.</summary>
    public DateTime? FlippedAt { get; private set; }

    public static async Task<NotificationStorm> StartAsync(HttpClient client, string hubBase, CancellationToken cancellationToken)
    {
        var receiver = await StormReceiver.StartAsync(cancellationToken);
        try
        {
            var channel = await CreateAsync(client, hubBase + "/api/notification-channels", new
            {
                name = "bench",
                type = "webhook",
                settings = new { url = receiver.Url, secret = receiver.Secret },
            }, cancellationToken);
            var channelId = channel.GetProperty("id").GetString();
            await CreateAsync(client, hubBase + "/api/notification-policies", new
            {
                name = "bench",
                channelIds = new[] { channelId },
                events = new[] { "opened", "resolved" },
                reminderMinutes = 0,
            }, cancellationToken);
            Progress.Say($"Notification storm: webhook channel {channelId} → {receiver.Url}, policy for all websites (opened, resolved)");
            return new NotificationStorm(receiver);
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    public async Task FlipAfterAsync(TimeSpan delay, TargetFarm farm, int websites, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        FlippedAt = farm.StartStorm();
        Progress.Say($"Storm: {websites} websites answer 503 from now on");
    }

    /// <summary>
    /// Waits until <see cref="FirstMinutes"/> after the flip have passed and every storm website's 'opened' has arrived,
    /// or until <paramref name="deadline"/> after the flip.
    /// </summary>
    public async Task WaitForOpenedAsync(IReadOnlySet<Guid> stormWebsites, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var flipped = FlippedAt ?? throw new InvalidOperationException("the storm has not started");
        Progress.Say("Waiting for the storm's notifications");
        while (DateTime.UtcNow - flipped < deadline)
        {
            if (DateTime.UtcNow - flipped >= FirstMinutes && OpenedArrivals(stormWebsites).Count == stormWebsites.Count)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>The rows of the storm section; <paramref name="windowEnd"/> is when the measured window ended.</summary>
    public void Report(Report report, StormFacts facts, DateTime windowEnd)
    {
        var flipped = FlippedAt ?? throw new InvalidOperationException("the storm has not started");
        var incidentOpened = facts.Incidents;
        var websites = incidentOpened.Count;
        var stormWebsites = incidentOpened.Keys.ToHashSet();
        var messages = _receiver.Messages();
        var arrivals = OpenedArrivals(stormWebsites);
        var opened = incidentOpened.Values.Count(v => v is not null);
        var detection = Percentiles.Of([.. incidentOpened.Values.OfType<DateTime>().Select(at => (at - flipped).TotalMilliseconds)]);
        var toReceiver = Percentiles.Of([.. arrivals.Values.Select(at => (at - flipped).TotalMilliseconds)]);
        var firstMinutes = messages.Count(m => m.At >= flipped && m.At < flipped + FirstMinutes);
        var badSignatures = messages.Count(m => !m.SignatureValid);
        var keyed = messages.Where(m => m.DeliveryKey is not null).ToList();
        var duplicates = keyed.Count - keyed.Select(m => m.DeliveryKey).Distinct(StringComparer.Ordinal).Count();
        var largest = messages.Count == 0 ? 0 : messages.Max(m => m.Events.Count);

        report.Section("Notification storm (webhook to a receiver in this process)");
        report.Add("storm_websites", "storm websites (healthy until the flip)", websites,
            string.Create(CultureInfo.InvariantCulture, $"{websites}, flipped {(windowEnd - flipped).TotalSeconds:0} s before the window's end"));
        report.Add("storm_incidents", "incidents opened after the flip / storm websites", opened,
            string.Create(CultureInfo.InvariantCulture, $"{opened} / {websites}"), "all", opened == websites);
        report.Add("storm_detection_ms", "  flip → incident opened (SQL)", Format.PercentilesJson(detection), Format.Ms(detection));
        report.Add("storm_opened_delivered", "storm websites whose 'opened' reached the receiver", arrivals.Count,
            string.Create(CultureInfo.InvariantCulture, $"{arrivals.Count} / {websites}"), "all", arrivals.Count == websites);
        report.Add("storm_flip_to_receiver_ms", "flip → 'opened' arrived at the receiver (per website)", Format.PercentilesJson(toReceiver), Format.Ms(toReceiver));
        report.Add("storm_messages", "messages received: whole run / storm's first 2 minutes",
            new Dictionary<string, object?> { ["total"] = messages.Count, ["first_2_minutes"] = firstMinutes, ["largest_events"] = largest },
            string.Create(CultureInfo.InvariantCulture, $"{messages.Count} / {firstMinutes} (largest: {largest} events)"),
            $"≤ {MaxMessagesInFirstMinutes} in 2 min", firstMinutes <= MaxMessagesInFirstMinutes);
        var timeline = messages.Where(m => m.At >= flipped).Take(MaxMessagesInFirstMinutes)
            .Select(m => (Seconds: (m.At - flipped).TotalSeconds, Opened: m.Events.Count(e => e.Kind == "opened" && e.WebsiteId is { } w && stormWebsites.Contains(w))))
            .ToList();
        report.Add("storm_timeline", "  after the flip: s → storm websites' 'opened' per message",
            timeline.Select(t => new Dictionary<string, object?> { ["seconds"] = Format.Round(t.Seconds, 2), ["storm_opened"] = t.Opened }).ToList(),
            string.Join(", ", timeline.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Seconds:0.0} → {t.Opened}"))));
        report.Add("storm_bad_signatures", "messages with a bad or missing signature or delivery key", badSignatures,
            badSignatures.ToString(CultureInfo.InvariantCulture), "0", badSignatures == 0);
        report.Add("storm_malformed", "bodies without an events array", _receiver.Malformed,
            _receiver.Malformed.ToString(CultureInfo.InvariantCulture), "0", _receiver.Malformed == 0);
        report.Add("storm_duplicate_deliveries", "duplicate deliveries (same X-Uptime-Delivery again)", duplicates,
            duplicates.ToString(CultureInfo.InvariantCulture));
        report.Add("storm_achieved_ratio", "achieved / expected: before the flip / after it (window)",
            new Dictionary<string, object?> { ["before"] = Format.Round(facts.AchievedBefore, 4), ["after"] = Format.Round(facts.AchievedAfter, 4) },
            $"{Format.Number(facts.AchievedBefore, "0.000")} / {Format.Number(facts.AchievedAfter, "0.000")}", "≥ 0.99",
            facts.AchievedBefore >= 0.99 && facts.AchievedAfter >= 0.99);
    }

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    /// <summary>Per storm website, when the first message carrying its 'opened' event arrived (signed ones only).</summary>
    private Dictionary<Guid, DateTime> OpenedArrivals(IReadOnlySet<Guid> stormWebsites)
    {
        var arrivals = new Dictionary<Guid, DateTime>();
        foreach (var message in _receiver.Messages().Where(m => m.SignatureValid))
        {
            foreach (var item in message.Events)
            {
                if (item is { Kind: "opened", WebsiteId: { } website } && stormWebsites.Contains(website))
                {
                    arrivals.TryAdd(website, message.At);
                }
            }
        }

        return arrivals;
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string url, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(url, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {url}: HTTP {(int)response.StatusCode} {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
