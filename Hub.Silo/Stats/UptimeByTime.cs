namespace Uptime.Hub.Stats;

/// <summary>
/// Seconds a website (or, for the fleet, all websites together) spent in each status during a window, counted from its
/// status changes and never before it was created.
/// </summary>
/// <param name="Up">Seconds Up; counted as up.</param>
/// <param name="Degraded">Seconds Degraded; counted as up.</param>
/// <param name="Down">Seconds Down; counted against.</param>
/// <param name="Unknown">Seconds Unknown (no verdict: not checked yet, stale ticks, no quorum); not counted.</param>
/// <param name="Maintenance">Seconds in a maintenance window; not counted.</param>
public sealed record StatusSeconds(double Up, double Degraded, double Down, double Unknown, double Maintenance)
{
    public static readonly StatusSeconds None = new(0, 0, 0, 0, 0);

    public StatusSeconds Add(string status, double seconds) => status switch
    {
        "Up" => this with { Up = Up + seconds },
        "Degraded" => this with { Degraded = Degraded + seconds },
        "Down" => this with { Down = Down + seconds },
        "Maintenance" => this with { Maintenance = Maintenance + seconds },
        _ => this with { Unknown = Unknown + seconds },
    };

    public StatusSeconds Plus(StatusSeconds other) => new(
        Up + other.Up, Degraded + other.Degraded, Down + other.Down, Unknown + other.Unknown, Maintenance + other.Maintenance);
}

/// <summary>
/// Uptime by time: the share of the counted time (Up, Degraded and Down; Unknown and Maintenance are not counted) spent
/// Up or Degraded, in percent; null when no time was counted.
/// </summary>
/// <param name="Percent">(up + degraded) ÷ (up + degraded + down) × 100; null when the window has no such time.</param>
/// <param name="SecondsByStatus">The seconds in each status, the excluded Unknown and Maintenance time included.</param>
public sealed record UptimeByTime(double? Percent, StatusSeconds SecondsByStatus)
{
    public static readonly UptimeByTime None = From(StatusSeconds.None);

    /// <summary>Exactly 100 when nothing counted against and exactly 0 when nothing counted for (the dashboard shows
    /// 100.00% and 0.00% only then, so a ratio's rounding error, 99.99999999999999, would read as a failure).</summary>
    public static UptimeByTime From(StatusSeconds seconds)
    {
        var up = seconds.Up + seconds.Degraded;
        var counted = up + seconds.Down;
        double? percent = counted <= 0 ? null : seconds.Down <= 0 ? 100 : up <= 0 ? 0 : up * 100.0 / counted;
        return new UptimeByTime(percent, seconds);
    }
}

/// <summary>Uptime by time over the dashboard's windows: the last 24 hours, 7 days and 30 days.</summary>
/// <param name="H24">The last 24 hours.</param>
/// <param name="D7">The last 7 days.</param>
/// <param name="D30">The last 30 days.</param>
public sealed record UptimeByTimeSummary(UptimeByTime H24, UptimeByTime D7, UptimeByTime D30)
{
    public static readonly UptimeByTimeSummary None = new(UptimeByTime.None, UptimeByTime.None, UptimeByTime.None);
}
