using Uptime.Hub.Hosting;

namespace Uptime.Hub.Notifications;

/// <summary>How the outbox is delivered: grouping, retries and the bound after which a delivery is dead.</summary>
public sealed class NotificationOptions
{
    /// <summary>
    /// A channel gets at most one message per window: the first event goes at once, those that come due within the window
    /// after it go together when it ends (one grouped message). 0 sends each delivery as it comes due.
    /// </summary>
    [ConfigurationKeyName("HUB_NOTIFY_GROUP_SECONDS"), SecondsSetting(0, 3600)]
    public TimeSpan GroupWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first retry of a failed delivery; each further one doubles it (with jitter), up to 10 minutes.</summary>
    [ConfigurationKeyName("HUB_NOTIFY_RETRY_SECONDS"), SecondsSetting(1, 3600)]
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a delivery keeps being retried after its event before it is dead-lettered.</summary>
    [ConfigurationKeyName("HUB_NOTIFY_GIVE_UP_HOURS"), HoursSetting(1, 168)]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);
}
