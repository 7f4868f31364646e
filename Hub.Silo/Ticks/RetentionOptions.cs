using Uptime.Hub.Hosting;

namespace Uptime.Hub.Ticks;

/// <summary>How long ticks, rollups and status changes are kept (<see cref="RetentionService"/>).</summary>
public sealed class RetentionOptions
{
    /// <summary>Raw ticks older than this are deleted.</summary>
    [ConfigurationKeyName("HUB_RETENTION_TICKS_DAYS"), DaysSetting(1, 3650)]
    public TimeSpan TickRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Minute rollups older than this are deleted; the 1 h and 24 h windows need 24 h.</summary>
    [ConfigurationKeyName("HUB_RETENTION_MINUTE_ROLLUPS_HOURS"), HoursSetting(24, 24 * 365)]
    public TimeSpan MinuteRollupRetention { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Hour rollups and status changes older than this are deleted; the 30 d window needs 30 d.</summary>
    [ConfigurationKeyName("HUB_RETENTION_HOUR_ROLLUPS_DAYS"), DaysSetting(30, 3650)]
    public TimeSpan HourRollupRetention { get; set; } = TimeSpan.FromDays(400);
}
