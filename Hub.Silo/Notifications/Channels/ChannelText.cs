namespace Uptime.Hub.Notifications.Channels;

internal static class ChannelText
{
    /// <summary><paramref name="text"/> cut to at most <paramref name="max"/> characters, ending in "…" when cut.</summary>
    public static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>The largest state of a message: an alert if any event is one, else a certificate warning, resolved, acknowledged, test.</summary>
    public static string Kind(OutgoingNotification notification)
    {
        var kinds = notification.Items.Select(i => i.Payload.Kind).ToHashSet();
        return kinds.Contains(NotificationEventKind.Opened) ? NotificationEventKind.Opened
            : kinds.Contains(NotificationEventKind.Reminder) ? NotificationEventKind.Reminder
            : kinds.Contains(NotificationEventKind.Certificate) ? NotificationEventKind.Certificate
            : kinds.Contains(NotificationEventKind.Resolved) ? NotificationEventKind.Resolved
            : kinds.Contains(NotificationEventKind.Acknowledged) ? NotificationEventKind.Acknowledged
            : NotificationEventKind.Test;
    }
}
