using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Push;

namespace Uptime.Hub.Websites;

/// <summary>Websites for the grains: their definitions and recorded status, read from the websites table (a push monitor's last push from its ticks).</summary>
public sealed class PostgresWebsiteCatalog(NpgsqlDataSource dataSource) : IWebsiteCatalog
{
    /// <summary>The website with, for a push monitor, its latest stored push.</summary>
    public async Task<StoredWebsite?> FindAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT url, interval_seconds, enabled, status, status_changed_at, monitor_type, check_definition::text,
                   pushed_at, push_up, push_message, push_ping, {VerdictPolicyColumns.Names}
            FROM websites w
            LEFT JOIN LATERAL (
                SELECT "timestamp" AS pushed_at, status = 'Good' AS push_up, error AS push_message, latency AS push_ping
                FROM website_ticks t
                WHERE w.monitor_type = 'push' AND t.website_id = w.id AND t.validator_id = $2
                ORDER BY "timestamp" DESC
                LIMIT 1) push ON true
            WHERE w.id = $1
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = PushTicks.ValidatorId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var monitor = StoredMonitors.Spec(reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        var lastPush = reader.IsDBNull(7)
            ? null
            : new PushReport(reader.GetBoolean(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetDouble(10), reader.GetDateTime(7));
        return new StoredWebsite(
            new WebsiteDefinition(
                websiteId, reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2), VerdictPolicyColumns.Read(reader, 11), monitor, StoredMonitors.PushGraceSeconds(monitor)),
            Enum.Parse<WebsiteHealth>(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetDateTime(4),
            lastPush);
    }

    /// <summary>Ids of enabled websites after <paramref name="after"/> in id order, at most <paramref name="limit"/> (keyset paging).</summary>
    public async Task<IReadOnlyList<Guid>> EnabledIdsAfterAsync(Guid after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM websites WHERE enabled AND id > $1 ORDER BY id LIMIT $2");
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = limit });
        var ids = new List<Guid>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task<long> CountEnabledAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM websites WHERE enabled");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
