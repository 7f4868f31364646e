using Npgsql;

namespace Uptime.Hub.Stats;

/// <summary>
/// Reads the rollup tables, never raw ticks, for the tick ratios and latencies, and the status changes for uptime by time.
/// </summary>
public sealed class StatsRepository(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The website id under which the rollups of the whole fleet are kept.</summary>
    public static readonly Guid Fleet = Guid.Empty;

    public async Task<StatsResponse> GetStatsAsync(Guid websiteId, StatsWindow window, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var command = dataSource.CreateCommand($"""
            SELECT location, sum(checks)::bigint, sum(failures)::bigint, sum(latency_sum), max(latency_max),
                   uptime_sum_counts(latency_hist ORDER BY bucket)
            FROM {window.Table}
            WHERE website_id = $1 AND bucket >= $2
            GROUP BY location
            ORDER BY location
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = window.Start(now) });
        var byLocation = new List<(string Location, RollupTotals Totals)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byLocation.Add((reader.GetString(0), new RollupTotals(
                    reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetFieldValue<int[]>(5))));
            }
        }

        var total = WindowStats.From(RollupTotals.Sum(byLocation.Select(l => l.Totals)));
        var byTime = await StatusTimeQuery.ReadAsync(
            dataSource, websiteId == Fleet ? null : [websiteId], [(window.Name, now - window.Length)], now, cancellationToken);
        return new StatsResponse(
            window.Name,
            total.UptimePercent,
            total.Checks,
            total.Failures,
            total.Latency,
            [.. byLocation.Select(l =>
            {
                var stats = WindowStats.From(l.Totals);
                return new LocationStats(l.Location, stats.UptimePercent, stats.Checks, stats.Failures, stats.Latency);
            })],
            UptimeByTime.From(byTime.Values.Aggregate(StatusSeconds.None, (sum, part) => sum.Plus(part))));
    }

    public async Task<SeriesResponse> GetSeriesAsync(Guid websiteId, StatsWindow window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT location, date_bin($3, bucket, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t,
                   sum(checks)::bigint, sum(failures)::bigint, sum(latency_sum)
            FROM {window.Table}
            WHERE website_id = $1 AND bucket >= $2
            GROUP BY location, t
            ORDER BY location, t
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = window.Start(Now) });
        command.Parameters.Add(new() { Value = window.SeriesBucket });
        var series = new List<LocationSeries>();
        var points = new List<SeriesPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var location = reader.GetString(0);
            if (series.Count == 0 || series[^1].Location != location)
            {
                points = [];
                series.Add(new LocationSeries(location, points));
            }

            var checks = reader.GetInt64(2);
            points.Add(new SeriesPoint(
                reader.GetDateTime(1), checks == 0 ? null : reader.GetDouble(4) / checks, checks, reader.GetInt64(3)));
        }

        return new SeriesResponse(window.Name, (int)window.SeriesBucket.TotalSeconds, series);
    }

    /// <summary>Uptime % over 24 h, 7 d and 30 d (from hour rollups) for the given websites.</summary>
    public async Task<Dictionary<Guid, UptimeSummary>> GetUptimeAsync(IReadOnlyCollection<Guid> websiteIds, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var command = dataSource.CreateCommand("""
            SELECT website_id,
                   sum(checks) FILTER (WHERE bucket >= $2)::bigint, sum(failures) FILTER (WHERE bucket >= $2)::bigint,
                   sum(checks) FILTER (WHERE bucket >= $3)::bigint, sum(failures) FILTER (WHERE bucket >= $3)::bigint,
                   sum(checks)::bigint, sum(failures)::bigint
            FROM website_rollups_hour
            WHERE website_id = ANY($1) AND bucket >= $4
            GROUP BY website_id
            """);
        command.Parameters.Add(new() { Value = websiteIds.ToArray() });
        command.Parameters.Add(new() { Value = StatsWindow.Floor(now - TimeSpan.FromDays(1), TimeSpan.FromHours(1)) });
        command.Parameters.Add(new() { Value = StatsWindow.Week.Start(now) });
        command.Parameters.Add(new() { Value = StatsWindow.Month.Start(now) });
        var uptime = new Dictionary<Guid, UptimeSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            uptime[reader.GetGuid(0)] = new UptimeSummary(Percent(reader, 1), Percent(reader, 3), Percent(reader, 5));
        }

        return uptime;
    }

    /// <summary>Uptime by time over the last 24 h, 7 d and 30 d for the given websites.</summary>
    public async Task<Dictionary<Guid, UptimeByTimeSummary>> GetUptimeByTimeAsync(
        IReadOnlyCollection<Guid> websiteIds, CancellationToken cancellationToken)
    {
        var now = Now;
        var windows = new[] { StatsWindow.Day, StatsWindow.Week, StatsWindow.Month };
        var seconds = await StatusTimeQuery.ReadAsync(
            dataSource, websiteIds, [.. windows.Select(w => (w.Name, now - w.Length))], now, cancellationToken);
        UptimeByTime Of(Guid id, StatsWindow window) =>
            UptimeByTime.From(seconds.GetValueOrDefault((id, window.Name), StatusSeconds.None));
        return websiteIds.Distinct().ToDictionary(
            id => id, id => new UptimeByTimeSummary(Of(id, StatsWindow.Day), Of(id, StatsWindow.Week), Of(id, StatsWindow.Month)));
    }

    public async Task<IReadOnlyList<StatusChange>> GetStatusChangesAsync(Guid websiteId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT at, from_status, to_status FROM website_status_changes WHERE website_id = $1 ORDER BY at DESC LIMIT $2
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = limit });
        var changes = new List<StatusChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new StatusChange(reader.GetDateTime(0), reader.GetString(1), reader.GetString(2)));
        }

        return changes;
    }

    private static double? Percent(NpgsqlDataReader reader, int checksColumn)
    {
        if (reader.IsDBNull(checksColumn) || reader.GetInt64(checksColumn) == 0)
        {
            return null;
        }

        var checks = reader.GetInt64(checksColumn);
        return (checks - reader.GetInt64(checksColumn + 1)) * 100.0 / checks;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

public sealed record SeriesResponse(string Window, int BucketSeconds, IReadOnlyList<LocationSeries> Series);

public sealed record LocationSeries(string Location, IReadOnlyList<SeriesPoint> Points);

public sealed record SeriesPoint(DateTime T, double? Avg, long Checks, long Failures);

public sealed record UptimeSummary(double? H24, double? D7, double? D30);

public sealed record StatusChange(DateTime At, string From, string To);
