namespace Uptime.Hub.Stats;

/// <summary>
/// Seconds a website (or, for the fleet, all websites together) spent in each status during a window, counted from its
/// status changes and never before it was created.
/// </summary>
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
public sealed record UptimeByTime(double? Percent, StatusSeconds SecondsByStatus)
{
    public static readonly UptimeByTime None = From(StatusSeconds.None);

    public static UptimeByTime From(StatusSeconds seconds)
    {
        var counted = seconds.Up + seconds.Degraded + seconds.Down;
        return new UptimeByTime(counted > 0 ? (seconds.Up + seconds.Degraded) * 100.0 / counted : null, seconds);
    }
}

/// <summary>Uptime by time over the dashboard's windows: the last 24 hours, 7 days and 30 days.</summary>
public sealed record UptimeByTimeSummary(UptimeByTime H24, UptimeByTime D7, UptimeByTime D30)
{
    public static readonly UptimeByTimeSummary None = new(UptimeByTime.None, UptimeByTime.None, UptimeByTime.None);
}
