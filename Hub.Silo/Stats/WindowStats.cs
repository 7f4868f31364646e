namespace Uptime.Hub.Stats;

/// <summary>Checks, failures and latency over a window, for one location or all of them.</summary>
public sealed record WindowStats(double? UptimePercent, long Checks, long Failures, LatencySummary Latency)
{
    public static WindowStats From(RollupTotals totals) => new(
        totals.Checks == 0 ? null : (totals.Checks - totals.Failures) * 100.0 / totals.Checks,
        totals.Checks,
        totals.Failures,
        new LatencySummary(
            LatencyHistogram.Percentile(totals.Histogram, totals.LatencyMax, 0.50),
            LatencyHistogram.Percentile(totals.Histogram, totals.LatencyMax, 0.95),
            LatencyHistogram.Percentile(totals.Histogram, totals.LatencyMax, 0.99),
            totals.Checks == 0 ? null : totals.LatencySum / totals.Checks));
}

/// <summary>Latency percentiles and mean in ms; null when there were no checks.</summary>
public sealed record LatencySummary(double? P50, double? P95, double? P99, double? Avg);

/// <summary>
/// The statistics API's answer: the whole window and the same per validator location from the rollups (uptime as the
/// share of good checks), and uptime by time from the status changes (for the fleet, the seconds of all websites summed).
/// </summary>
/// <param name="Window">The window's name: 1h, 24h, 7d or 30d.</param>
/// <param name="UptimePercent">The share of good checks in percent (good ticks ÷ ticks); null without checks.</param>
/// <param name="Checks">Ticks stored in the window.</param>
/// <param name="Failures">Bad ticks among them.</param>
/// <param name="Latency">Latency percentiles and mean in ms.</param>
/// <param name="ByLocation">The same per validator location.</param>
/// <param name="UptimeByTime">
/// The share of time up (Up and Degraded) in the window, Unknown and Maintenance time excluded, and the seconds per status.
/// </param>
public sealed record StatsResponse(
    string Window,
    double? UptimePercent,
    long Checks,
    long Failures,
    LatencySummary Latency,
    IReadOnlyList<LocationStats> ByLocation,
    UptimeByTime UptimeByTime);

public sealed record LocationStats(string Location, double? UptimePercent, long Checks, long Failures, LatencySummary Latency);
