using Npgsql;
using NpgsqlTypes;
using Uptime.Grains;
using Uptime.Hub.Ticks;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Websites;

/// <summary>The REST API's reads and writes of websites and their ticks.</summary>
public sealed class WebsiteRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = WebsiteRecord.Columns;

    /// <summary>
    /// Adds a website; <paramref name="check"/> is a canonical check definition (null: the type's plain check). A push
    /// monitor has no URL to check: <paramref name="url"/> is ignored and it is stored as push://{id}.
    /// </summary>
    public async Task<WebsiteRecord> CreateAsync(
        string? url, int intervalSeconds, CancellationToken cancellationToken, VerdictPolicy? verdict = null, string? name = null, string[]? tags = null,
        string type = MonitorTypeNames.Http, string? check = null)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO websites (id, url, interval_seconds, name, tags, monitor_type, check_definition, {VerdictPolicyColumns.Names})
            VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13, $14)
            RETURNING {Columns}
            """);
        var id = Guid.CreateVersion7();
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = type == MonitorTypeNames.Push ? PushUrl(id) : url ?? throw new ArgumentNullException(nameof(url)) });
        command.Parameters.Add(new() { Value = intervalSeconds });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tags ?? [], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = type });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = check, NpgsqlDbType = NpgsqlDbType.Text });
        VerdictPolicyColumns.AddValues(command.Parameters, verdict ?? VerdictPolicy.Default);
        return (await ReadWebsitesAsync(command, cancellationToken))[0];
    }

    /// <summary>The URL a push monitor is stored and shown with: it checks nothing, the job calls the hub.</summary>
    public static string PushUrl(Guid id) => $"push://{id}";

    /// <summary>A page of the websites (those carrying <paramref name="tag"/> when given), oldest first.</summary>
    public async Task<IReadOnlyList<WebsiteRecord>> ListAsync(int limit, int offset, string? tag, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM websites
            WHERE id IN ({WebsiteRecord.PageIds("WHERE ($3::text IS NULL OR tags @> ARRAY[$3::text]) ORDER BY created_at, id", "$1", "$2")})
            ORDER BY created_at, id
            """);
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = offset });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = tag, NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadWebsitesAsync(command, cancellationToken);
    }

    public async Task<WebsiteRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM websites WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadWebsitesAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Applies the given changes (null leaves a column as it is); null when the website does not exist. A website whose
    /// <paramref name="type"/> becomes push gets its push://{id} URL.
    /// </summary>
    public async Task<WebsiteRecord?> UpdateAsync(
        Guid id, string? url, int? intervalSeconds, bool? enabled, CancellationToken cancellationToken, VerdictPolicyChanges? verdict = null,
        Set<string?>? name = null, string[]? tags = null, string? type = null, Set<string?>? check = null)
    {
        const int typeAt = 8 + 2 * VerdictPolicyColumns.Count;
        await using var command = dataSource.CreateCommand($"""
            UPDATE websites SET
                url = CASE WHEN ${typeAt} = '{MonitorTypeNames.Push}' THEN 'push://' || id::text ELSE COALESCE($2, url) END,
                monitor_type = COALESCE(${typeAt}, monitor_type),
                check_definition = CASE WHEN ${typeAt + 1} THEN ${typeAt + 2}::jsonb ELSE check_definition END,
                interval_seconds = COALESCE($3, interval_seconds),
                enabled = COALESCE($4, enabled),
                {VerdictPolicyColumns.Assignments(5)},
                name = CASE WHEN ${5 + 2 * VerdictPolicyColumns.Count} THEN ${6 + 2 * VerdictPolicyColumns.Count} ELSE name END,
                tags = COALESCE(${7 + 2 * VerdictPolicyColumns.Count}, tags),
                updated_at = now()
            WHERE id = $1
            RETURNING {Columns}
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = url, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = intervalSeconds, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<bool?> { TypedValue = enabled, NpgsqlDbType = NpgsqlDbType.Boolean });
        VerdictPolicyColumns.AddChanges(command.Parameters, verdict ?? VerdictPolicyChanges.None);
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = name is not null });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = name?.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]?> { TypedValue = tags, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = type, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = check is not null });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = check?.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return (await ReadWebsitesAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Deletes the website and its ticks; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM website_ticks WHERE website_id = $1") { Parameters = { new() { Value = id } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM websites WHERE id = $1") { Parameters = { new() { Value = id } } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[1].RecordsAffected > 0;
    }

    public async Task<IReadOnlyList<TickRecord>> ListTicksAsync(Guid websiteId, int limit, DateTime? before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, website_id, validator_id, status, latency, "timestamp", error, refused, confirmation,
                   http_status, dns_ms, connect_ms, tls_ms, first_byte_ms, transfer_ms, address, tls_resumed, failed_assertion, warm
            FROM website_ticks
            WHERE website_id = $1 AND ($2::timestamptz IS NULL OR "timestamp" < $2)
            ORDER BY "timestamp" DESC
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = before, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ticks = new List<TickRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ticks.Add(new TickRecord(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetString(3),
                reader.GetDouble(4),
                reader.GetDateTime(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetBoolean(7),
                reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetInt16(9),
                PhasesOf(reader, 10),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.IsDBNull(16) ? null : reader.GetBoolean(16),
                reader.IsDBNull(17) ? null : reader.GetInt16(17),
                reader.IsDBNull(18) ? null : reader.GetBoolean(18)));
        }

        return ticks;
    }

    /// <summary>The five phase columns from <paramref name="first"/>; null when the tick has none.</summary>
    private static TickPhases? PhasesOf(NpgsqlDataReader reader, int first)
    {
        double? Phase(int column) => reader.IsDBNull(column) ? null : Math.Round(reader.GetFloat(column), 3);

        var phases = new TickPhases(Phase(first), Phase(first + 1), Phase(first + 2), Phase(first + 3), Phase(first + 4));
        return phases is { Dns: null, Connect: null, Tls: null, FirstByte: null, Transfer: null } ? null : phases;
    }

    private static async Task<List<WebsiteRecord>> ReadWebsitesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var websites = new List<WebsiteRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            websites.Add(WebsiteRecord.Read(reader));
        }

        return websites;
    }
}
