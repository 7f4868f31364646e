using Npgsql;
using NpgsqlTypes;
using Uptime.Grains;
using Uptime.Testing;

namespace Uptime.Bench;

/// <summary>
/// The benchmark's own PostgreSQL (a fresh server from the machine's binaries, <see cref="PostgresServer"/>) and the
/// measurements read from it after the window.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _postmasterPid;

    private BenchDatabase(PostgresServer server, string connectionString, int postmasterPid, bool durable)
    {
        _server = server;
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 600 }.ConnectionString);
        _postmasterPid = postmasterPid;
        Durable = durable;
        Processes = new ProcessGroup("postgres", () => [_postmasterPid], withChildren: true);
    }

    public string ConnectionString { get; }

    public bool Durable { get; }

    /// <summary>Whether pg_stat_statements is loaded (<see cref="TopStatementsAsync"/>).</summary>
    public bool Statements { get; private init; }

    /// <summary>The postmaster and its children (backends, writer, WAL writer, …).</summary>
    public ProcessGroup Processes { get; }

    /// <summary>
    /// Starts the server, then restarts it with commit timestamps on (so each row's commit time is known: the exact
    /// store lag) and, when <paramref name="durable"/>, with fsync and synchronous commit as in production (the test
    /// server switches them off for speed).
    /// </summary>
    public static async Task<BenchDatabase> StartAsync(bool durable, bool statements, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(cancellationToken);
        try
        {
            var settings = new List<string> { "track_commit_timestamp = on", "shared_buffers = '256MB'", "max_connections = 300" };
            if (durable)
            {
                settings.AddRange(["fsync = on", "synchronous_commit = on", "full_page_writes = on"]);
            }

            if (statements)
            {
                settings.Add("shared_preload_libraries = 'pg_stat_statements'");
            }

            await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
            {
                foreach (var setting in settings)
                {
                    var parts = setting.Split(" = ");
                    await using var command = admin.CreateCommand($"ALTER SYSTEM SET {parts[0]} = {parts[1]}");
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await server.StopAsync(cancellationToken);
            await server.StartAgainAsync(cancellationToken);
            var connectionString = await server.CreateDatabaseAsync("uptime", cancellationToken);
            await using var probe = NpgsqlDataSource.Create(connectionString);
            if (statements)
            {
                await using var extension = probe.CreateCommand("CREATE EXTENSION pg_stat_statements");
                await extension.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var pid = probe.CreateCommand("SELECT pg_backend_pid()");
            var backend = (int)(await pid.ExecuteScalarAsync(cancellationToken))!;
            var postmaster = ProcStats.ParentOf(backend) ?? throw new InvalidOperationException("PostgreSQL postmaster not found");
            return new BenchDatabase(server, connectionString, postmaster, durable) { Statements = statements };
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task ResetStatementsAsync(CancellationToken cancellationToken)
    {
        if (Statements)
        {
            await ScalarAsync<string>("SELECT pg_stat_statements_reset()::text", cancellationToken);
        }
    }

    /// <summary>The statements that took most of PostgreSQL's execution time since the last reset.</summary>
    public async Task<IReadOnlyList<(string Query, long Calls, double TotalMs, long Rows)>> TopStatementsAsync(int count, CancellationToken cancellationToken)
    {
        var top = new List<(string, long, double, long)>();
        if (!Statements)
        {
            return top;
        }

        await using var command = _dataSource.CreateCommand("""
            SELECT regexp_replace(query, '\s+', ' ', 'g'), calls, total_exec_time, rows
            FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
            ORDER BY total_exec_time DESC LIMIT $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            top.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3)));
        }

        return top;
    }

    /// <summary>CPU seconds of the live PostgreSQL processes by role (backends, WAL writer, checkpointer, …), keyed by pid.</summary>
    public Dictionary<int, (string Title, double CpuSeconds)> SampleRoles() => ProcStats.ChildTitles(_postmasterPid);

    /// <summary>CPU seconds spent between two <see cref="SampleRoles"/> by role; processes that ended in between are not attributed.</summary>
    public static SortedDictionary<string, double> RoleCpu(
        Dictionary<int, (string Title, double CpuSeconds)> before, Dictionary<int, (string Title, double CpuSeconds)> after)
    {
        var roles = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (title, cpu)) in after)
        {
            var role = Role(title);
            var spent = before.TryGetValue(pid, out var earlier) ? cpu - earlier.CpuSeconds : cpu;
            roles[role] = roles.GetValueOrDefault(role) + spent;
        }

        return roles;
    }

    private static string Role(string title)
    {
        // "postgres: postgres uptime 127.0.0.1(41234) idle" is a client backend; the rest name their role.
        var text = title.StartsWith("postgres: ", StringComparison.Ordinal) ? title["postgres: ".Length..] : title;
        if (text.StartsWith("postgres ", StringComparison.Ordinal))
        {
            return "client backends";
        }

        return text.StartsWith("autovacuum", StringComparison.Ordinal) ? "autovacuum" : text.Split(' ')[0] switch
        {
            "background" => "background writer",
            "logical" => "logical replication launcher",
            var other => other,
        };
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stored ticks whose arrival at the hub (<c>created_at</c>) falls in the window, and how many are Bad.</summary>
    /// <summary>Ticks stored in the window: all, Bad, and answers to confirmation checks (off the slots, on top of the expected load).</summary>
    public async Task<(long Stored, long Bad, long Confirmations)> CountWindowAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE status = 'Bad'), count(*) FILTER (WHERE confirmation)
            FROM website_ticks WHERE created_at >= $1 AND created_at < $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// The incidents of the run against the targets' truth: a website is failing when it has Bad ticks and no Good one
    /// (the farm fails a share of the URIs for the whole run). Detection time is website created (the outage starts with
    /// it) → incident opened; a false incident is one of a website that never failed; a missed one, a failing website
    /// without an incident. The storm websites (URL under <see cref="TargetFarm.StormPath"/>) fail only from the storm on,
    /// so they are left out here and measured by <see cref="StormIncidentsAsync"/>.
    /// </summary>
    public async Task<(long Opened, long Failing, long False, long Missed, Percentiles Detection)> IncidentsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH steady AS (SELECT id FROM websites WHERE strpos(url, $1) = 0),
            truth AS (
                SELECT website_id, bool_and(status = 'Bad') AS failing FROM website_ticks
                WHERE website_id IN (SELECT id FROM steady) GROUP BY website_id),
            per_website AS (
                SELECT website_id, min(opened_at) AS opened_at, count(*) AS incidents FROM incidents
                WHERE website_id IN (SELECT id FROM steady) GROUP BY website_id),
            detection AS (
                SELECT extract(epoch FROM i.opened_at - w.created_at) * 1000 AS ms
                FROM per_website i JOIN websites w ON w.id = i.website_id JOIN truth t ON t.website_id = i.website_id AND t.failing)
            SELECT (SELECT coalesce(sum(incidents), 0)::bigint FROM per_website),
                   (SELECT count(*) FROM truth WHERE failing),
                   (SELECT coalesce(sum(i.incidents), 0)::bigint FROM per_website i LEFT JOIN truth t ON t.website_id = i.website_id
                    WHERE t.failing IS DISTINCT FROM true),
                   (SELECT count(*) FROM truth t WHERE t.failing AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.website_id = t.website_id)),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM detection)::double precision,
                   (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM detection)::double precision,
                   (SELECT max(ms) FROM detection)::double precision
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = TargetFarm.StormPath });
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
            new Percentiles(Nullable(reader, 4), Nullable(reader, 5), Nullable(reader, 6)));
    }

    /// <summary>The storm websites (URL under <see cref="TargetFarm.StormPath"/>), each with its first incident opened at or after <paramref name="flippedAt"/>.</summary>
    public async Task<Dictionary<Guid, DateTime?>> StormIncidentsAsync(DateTime flippedAt, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT w.id, (SELECT min(i.opened_at) FROM incidents i WHERE i.website_id = w.id AND i.opened_at >= $2)
            FROM websites w WHERE strpos(w.url, $1) > 0
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = TargetFarm.StormPath });
        command.Parameters.Add(new NpgsqlParameter { Value = flippedAt });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var websites = new Dictionary<Guid, DateTime?>();
        while (await reader.ReadAsync(cancellationToken))
        {
            websites[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetDateTime(1);
        }

        return websites;
    }

    /// <summary>
    /// Per row of the window: check finished (agent's <c>timestamp</c>) → received at the hub (<c>created_at</c>), and
    /// → committed (the transaction's commit timestamp); p50, p99 and max in ms.
    /// </summary>
    public async Task<(Percentiles ToReceived, Percentiles ToCommitted)> StoreLagAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH lags AS (
                SELECT extract(epoch FROM created_at - "timestamp") * 1000 AS received,
                       extract(epoch FROM pg_xact_commit_timestamp(xmin) - "timestamp") * 1000 AS committed
                FROM website_ticks WHERE created_at >= $1 AND created_at < $2)
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY received), percentile_cont(0.99) WITHIN GROUP (ORDER BY received),
                   max(received),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY committed), percentile_cont(0.99) WITHIN GROUP (ORDER BY committed),
                   max(committed)
            FROM lags
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (
            new Percentiles(Nullable(reader, 0), Nullable(reader, 1), Nullable(reader, 2)),
            new Percentiles(Nullable(reader, 3), Nullable(reader, 4), Nullable(reader, 5)));
    }

    /// <summary>
    /// Due time → check started at the agent (<c>timestamp − latency</c>), per row of the window. The due time is the
    /// website's slot from the hub's own <see cref="DispatchSchedule"/>. An upper bound of the dispatch lag: it also holds
    /// the socket transit and any wait for a free check slot in the agent.
    /// </summary>
    public async Task<Percentiles> DueToStartAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE bench_slots (website_id uuid PRIMARY KEY, offset_ms bigint NOT NULL, interval_ms bigint NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var websites = new List<(Guid Id, int Interval)>();
        await using (var list = new NpgsqlCommand("SELECT id, interval_seconds FROM websites", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                websites.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }
        }

        await using (var import = await connection.BeginBinaryImportAsync("COPY bench_slots FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (id, interval) in websites)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await import.WriteAsync((long)DispatchSchedule.Offset(id, interval).TotalMilliseconds, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(interval * 1000L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        // DispatchSchedule counts from 0001-01-01 (DateTime ticks): 62,135,596,800 s before the Unix epoch.
        await using var command = new NpgsqlCommand("""
            WITH since AS (
                SELECT mod((extract(epoch FROM t."timestamp") + 62135596800) * 1000 - t.latency::numeric - s.offset_ms, s.interval_ms) AS m,
                       s.interval_ms
                FROM website_ticks t JOIN bench_slots s ON s.website_id = t.website_id
                WHERE t.created_at >= $1 AND t.created_at < $2 AND NOT t.confirmation),
            lags AS (
                SELECT (CASE WHEN m > interval_ms / 2 THEN m - interval_ms ELSE m END)::double precision AS lag FROM since)
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag)
            FROM lags
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.CommandTimeout = 600;
        await using var result = await command.ExecuteReaderAsync(cancellationToken);
        await result.ReadAsync(cancellationToken);
        return new Percentiles(Nullable(result, 0), Nullable(result, 1), Nullable(result, 2));
    }

    /// <summary>
    /// Rows of the window whose (validator, website) pair has an earlier tick less than half an interval before; confirmation
    /// checks are sent off the slots on purpose and are not counted.
    /// </summary>
    public Task<long> DuplicatesAsync(DateTime from, DateTime to, CancellationToken cancellationToken) => ScalarAsync<long>("""
        SELECT count(*) FROM (
            SELECT t."timestamp" - lag(t."timestamp") OVER (PARTITION BY t.validator_id, t.website_id ORDER BY t."timestamp") AS gap,
                   w.interval_seconds, t.created_at
            FROM website_ticks t JOIN websites w ON w.id = t.website_id
            WHERE t.created_at >= $1 - make_interval(secs => w.interval_seconds) AND t.created_at < $2 AND NOT t.confirmation) x
        WHERE x.created_at >= $1 AND x.gap < make_interval(secs => 0.5 * x.interval_seconds)
        """, cancellationToken, from, to);

    /// <summary>
    /// Loads the agents' produced tick ids and counts those not stored: of the ticks produced in the window, and of
    /// all (the last seconds before the agents stopped included).
    /// </summary>
    public async Task<(long ProducedInWindow, long LostInWindow, long ProducedAll, long LostAll)> LostTicksAsync(
        IEnumerable<(Guid Id, DateTime ProducedAt)> produced, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE bench_produced (id uuid NOT NULL, produced_at timestamptz NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var import = await connection.BeginBinaryImportAsync("COPY bench_produced FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (id, producedAt) in produced)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await import.WriteAsync(producedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE p.produced_at >= $1 AND p.produced_at < $2),
                   count(*) FILTER (WHERE p.produced_at >= $1 AND p.produced_at < $2 AND t.id IS NULL),
                   count(*),
                   count(*) FILTER (WHERE t.id IS NULL)
            FROM bench_produced p LEFT JOIN website_ticks t ON t.id = p.id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary><c>pg_total_relation_size('website_ticks')</c> (table, indexes, TOAST) and its row count.</summary>
    public async Task<(long Bytes, long Rows, long DatabaseBytes)> TickStorageAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT pg_total_relation_size('website_ticks'), (SELECT count(*) FROM website_ticks), pg_database_size(current_database())");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static double? Nullable(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>p50, p99 and maximum of a set of durations in ms (null when the set is empty).</summary>
internal sealed record Percentiles(double? P50, double? P99, double? Max)
{
    public static Percentiles Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new Percentiles(null, null, null);
        }

        var sorted = values.Order().ToArray();
        return new Percentiles(Rank(sorted, 0.5), Rank(sorted, 0.99), sorted[^1]);
    }

    /// <summary>The value of rank ⌈q·n⌉ (nearest rank).</summary>
    private static double Rank(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
