namespace Uptime.Hub.Notifications;

/// <summary>Every channel type the hub can send through, by <see cref="INotificationChannel.Type"/>.</summary>
public sealed class NotificationChannels(IEnumerable<INotificationChannel> channels)
{
    private readonly Dictionary<string, INotificationChannel> _byType = channels.ToDictionary(c => c.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Types => _byType.Keys;

    public INotificationChannel? Find(string type) => _byType.GetValueOrDefault(type);
}
