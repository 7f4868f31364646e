using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Delivery;

/// <summary>
/// Sends a channel's due deliveries and says what became of each: one message for all of them (a group when several),
/// unless the channel <see cref="Groups"/> not: PagerDuty, whose dedup key groups by incident, and every channel when the
/// grouping window is 0, get one message per delivery. The idempotency key of a message is its first delivery's id.
/// </summary>
public sealed class ChannelSend(
    NotificationChannels channels, INotificationTemplates templates, IChannelSecrets secrets, DashboardLinks links,
    NotificationOptions options, NotificationMetrics metrics)
{
    /// <summary>The longest a message may take, retries of the HTTP client included; its failure is retried later.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    public async Task<ChannelSendResult> SendAsync(
        ChannelRecord channel, IReadOnlyList<DueDelivery> due, DateTime now, CancellationToken cancellationToken)
    {
        if (!channel.Enabled)
        {
            return new(Skip(due, now, "the channel is disabled"), null);
        }

        if (channels.Find(channel.Type) is not { } sender)
        {
            return new(Skip(due, now, $"no channel type '{channel.Type}'"), null);
        }

        JsonObject settings;
        try
        {
            settings = channel.SettingsWith(secrets);
        }
        catch (CryptographicException)
        {
            var unreadable = DeliveryResult.Failure(null, "the channel's secrets cannot be decrypted (was the key ring in data_protection_keys lost?)");
            return new([.. Finish(due, unreadable, now, channel.Type)], null);
        }

        var batches = Groups(channel) ? [due] : due.Select(d => (IReadOnlyList<DueDelivery>)[d]);
        var outcomes = new List<DeliveryOutcome>(due.Count);
        TimeSpan? retryAfter = null;
        foreach (var batch in batches)
        {
            var result = await SendBatchAsync(sender, channel, settings, batch, cancellationToken);
            outcomes.AddRange(Finish(batch, result, now, channel.Type));
            if (result.RetryAfter > (retryAfter ?? TimeSpan.Zero))
            {
                retryAfter = result.RetryAfter;
            }
        }

        return new(outcomes, retryAfter);
    }

    /// <summary>Whether the channel's due deliveries go as one message.</summary>
    public bool Groups(ChannelRecord channel) => channel.Type != "pagerduty" && options.GroupWindow > TimeSpan.Zero;

    private async Task<DeliveryResult> SendBatchAsync(
        INotificationChannel sender, ChannelRecord channel, JsonObject settings, IReadOnlyList<DueDelivery> batch, CancellationToken cancellationToken)
    {
        var items = batch.Select(d => new NotificationItem(
            d.Id, d.EventId, d.Payload, links.Incident(d.Payload.IncidentId),
            d.Payload.Kind == NotificationEventKind.Certificate ? links.Website(d.Payload.WebsiteId) : null)).ToList();
        var (subject, body) = templates.Render(items, channel.SubjectTemplate, channel.BodyTemplate);
        var notification = new OutgoingNotification(batch[0].Id.ToString(), items, subject, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await sender.SendAsync(settings, notification, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failure(null, $"no answer within {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        }
    }

    private IEnumerable<DeliveryOutcome> Finish(IReadOnlyList<DueDelivery> batch, DeliveryResult result, DateTime now, string type)
    {
        foreach (var delivery in batch)
        {
            var outcome = Outcome(delivery, result, now, batch.Count);
            metrics.Delivered(type, outcome.State == DeliveryState.Pending ? "retry" : outcome.State, outcome.State == DeliveryState.Sent ? now - delivery.EventAt : null);
            yield return outcome;
        }
    }

    private DeliveryOutcome Outcome(DueDelivery delivery, DeliveryResult result, DateTime now, int groupSize)
    {
        if (result.Delivered)
        {
            return new(delivery.Id, DeliveryState.Sent, now, result.Status, null, now, groupSize);
        }

        var error = result.Error ?? $"HTTP {result.Status}";
        if (result.Permanent)
        {
            return new(delivery.Id, DeliveryState.Dead, now, result.Status, $"refused: {error}", null, null);
        }

        var next = now + RetrySchedule.Wait(options.FirstRetry, delivery.Attempts + 1, result.RetryAfter, Random.Shared.NextDouble());
        return next - delivery.CreatedAt > options.GiveUpAfter
            ? new(delivery.Id, DeliveryState.Dead, now, result.Status, $"gave up after {options.GiveUpAfter.TotalHours:0} h: {error}", null, null)
            : new(delivery.Id, DeliveryState.Pending, next, result.Status, error, null, null);
    }

    private IReadOnlyList<DeliveryOutcome> Skip(IReadOnlyList<DueDelivery> due, DateTime now, string reason) =>
        [.. due.Select(d => new DeliveryOutcome(d.Id, DeliveryState.Skipped, now, null, reason, null, null))];
}

/// <summary>What became of each delivery, and how long the receiver asked the whole channel to wait (429, 503 Retry-After).</summary>
public sealed record ChannelSendResult(IReadOnlyList<DeliveryOutcome> Outcomes, TimeSpan? RetryAfter)
{
    /// <summary>Whether a receiver was asked (not only deliveries skipped).</summary>
    public bool Attempted => Outcomes.Any(o => o.State != DeliveryState.Skipped);
}
