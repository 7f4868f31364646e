namespace Uptime.Grains;

/// <summary>Scheduling of website checks.</summary>
public sealed class WebsiteGrainOptions
{
    /// <summary>Period of the reminder that brings an enabled website's grain back after a restart or a silo's death.</summary>
    public TimeSpan KeepAliveReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A validator's latest tick counts towards the live status while younger than this many intervals.</summary>
    public double FreshnessIntervals { get; set; } = 2.5;
}
