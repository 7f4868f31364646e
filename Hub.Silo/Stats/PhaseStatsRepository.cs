using Npgsql;

namespace Uptime.Hub.Stats;

/// <summary>
/// Where a website's check time goes, per region over a window: the median and 95th percentile of each timing phase
/// validators reported (TICK_RESULT <c>phases</c>), read from the stored ticks (the rollups keep totals only). A tick's
/// region is its validator's current location. Ticks without phases (a spec-only client's) count in <c>Checks</c> only.
/// </summary>
public sealed class PhaseStatsRepository(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Sql = """
        SELECT v.location, count(*)::integer,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.dns_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY t.dns_ms),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.connect_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY t.connect_ms),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.tls_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY t.tls_ms),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.first_byte_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY t.first_byte_ms),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.transfer_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY t.transfer_ms),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.latency), percentile_cont(0.95) WITHIN GROUP (ORDER BY t.latency),
               count(*) FILTER (WHERE t.tls_resumed)::integer, count(t.tls_resumed)::integer,
               count(*) FILTER (WHERE t.warm)::integer, count(t.warm)::integer
        FROM website_ticks t JOIN validators v ON v.id = t.validator_id
        WHERE t.website_id = $1 AND t."timestamp" >= $2 AND NOT t.refused
        GROUP BY v.location
        ORDER BY v.location
        """;

    public async Task<PhaseStatsResponse> GetAsync(Guid websiteId, StatsWindow window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = time.GetUtcNow().UtcDateTime - window.Length });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var regions = new List<RegionPhases>();
        while (await reader.ReadAsync(cancellationToken))
        {
            PhaseSummary Summary(int column) => new(Rounded(reader, column), Rounded(reader, column + 1));
            regions.Add(new RegionPhases(
                reader.GetString(0),
                reader.GetInt32(1),
                Summary(2),
                Summary(4),
                Summary(6),
                Summary(8),
                Summary(10),
                Summary(12),
                Share(reader, 14),
                Share(reader, 16)));
        }

        return new PhaseStatsResponse(window.Name, regions);
    }

    /// <summary>The share of the ticks that said true (count in <paramref name="column"/>) among those that said (the next column).</summary>
    private static double? Share(NpgsqlDataReader reader, int column) =>
        reader.GetInt32(column + 1) == 0 ? null : reader.GetInt32(column) / (double)reader.GetInt32(column + 1);

    private static double? Rounded(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : Math.Round(reader.GetDouble(column), 2);
}

/// <summary>The phase percentiles of each region over <c>Window</c>.</summary>
public sealed record PhaseStatsResponse(string Window, IReadOnlyList<RegionPhases> Regions);

/// <summary>
/// One region's checks in the window, each phase's median and 95th percentile in ms (null when no tick reported it), the
/// whole check's, the share of TLS handshakes that resumed a session (null when no tick said), and the share of the checks
/// that asked for a warm connection that went over one already open (null when none asked).
/// </summary>
public sealed record RegionPhases(
    string Region,
    int Checks,
    PhaseSummary Dns,
    PhaseSummary Connect,
    PhaseSummary Tls,
    PhaseSummary FirstByte,
    PhaseSummary Transfer,
    PhaseSummary Total,
    double? TlsResumedShare,
    double? WarmShare = null);

public sealed record PhaseSummary(double? P50, double? P95);
