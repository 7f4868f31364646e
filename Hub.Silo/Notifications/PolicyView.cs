namespace Uptime.Hub.Notifications;

/// <summary>
/// A notification policy (<c>notification_policies</c>): which <see cref="Events"/> of which websites go to which channels.
/// Websites: all (<see cref="WebsiteIds"/> and <see cref="Tags"/> null), a list, or those carrying any of the tags. The
/// <see cref="IsDefault"/> policy serves a website no other enabled policy covers; there is at most one.
/// </summary>
public sealed record PolicyView(
    Guid Id,
    string Name,
    bool Enabled,
    bool IsDefault,
    IReadOnlyList<Guid>? WebsiteIds,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string> Events,
    int QuietSeconds,
    int ReminderMinutes,
    IReadOnlyList<Guid> ChannelIds,
    DateTime CreatedAt,
    DateTime UpdatedAt);
