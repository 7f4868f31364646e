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

/// <summary>
/// One event in a message, with the dashboard link of its incident, or of its website for a certificate warning (each null
/// without HUB_PUBLIC_URL). <see cref="Link"/> is the one a message offers, <see cref="LinkText"/> its label.
/// </summary>
public sealed record NotificationItem(Guid DeliveryId, Guid EventId, NotificationPayload Payload, string? IncidentLink, string? WebsiteLink = null)
{
    public string? Link => IncidentLink ?? WebsiteLink;

    public string LinkText => IncidentLink is null ? "Open website" : "Open incident";
}
