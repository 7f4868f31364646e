namespace Uptime.Hub.Notifications.Delivery;

/// <summary>A pending delivery that came due, with its event (the outbox row <c>notification_deliveries</c> ⋈ <c>notification_events</c>).</summary>
public sealed record DueDelivery(Guid Id, Guid EventId, DateTime CreatedAt, int Attempts, DateTime EventAt, NotificationPayload Payload);

/// <summary>What became of a delivery after an attempt: its new state, when it is due again, the receiver's answer.</summary>
public sealed record DeliveryOutcome(Guid Id, string State, DateTime DueAt, int? Status, string? Error, DateTime? SentAt, int? GroupSize);

/// <summary>The states of <c>notification_deliveries.state</c>.</summary>
public static class DeliveryState
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Dead = "dead";
}
