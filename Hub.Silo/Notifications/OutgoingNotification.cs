namespace Uptime.Hub.Notifications;

/// <summary>
/// One message to one channel: a single event, or a group of events that came due in the same grouping window
/// (<see cref="IsGroup"/>). <see cref="DeliveryKey"/> is the idempotency key (<c>X-Uptime-Delivery</c>, and what a
/// re-send after a crash carries again); <see cref="Subject"/> and <see cref="Body"/> are the rendered text (the default
/// templates or the channel's Liquid ones).
/// </summary>
public sealed record OutgoingNotification(string DeliveryKey, IReadOnlyList<NotificationItem> Items, string Subject, string Body)
{
    public bool IsGroup => Items.Count > 1;
}

/// <summary>One event in a message, with the dashboard link of its incident (null without HUB_PUBLIC_URL or incident).</summary>
public sealed record NotificationItem(Guid DeliveryId, Guid EventId, NotificationPayload Payload, string? IncidentLink);
