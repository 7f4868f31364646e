namespace Uptime.Hub.Notifications;

/// <summary>The "send test" of a channel: a test event sent at once, recorded in the channel's delivery log.</summary>
public interface INotificationTester
{
    /// <summary>What the receiver answered, within the send timeout; null when the channel does not exist.</summary>
    Task<DeliveryResult?> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken);
}
