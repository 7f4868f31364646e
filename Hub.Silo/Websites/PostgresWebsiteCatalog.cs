using Npgsql;
using Uptime.Grains;

namespace Uptime.Hub.Websites;

/// <summary>Websites for the grains: their definitions and recorded status, read from the websites table.</summary>
public sealed class PostgresWebsiteCatalog(NpgsqlDataSource dataSource) : IWebsiteCatalog
{
    public async Task<StoredWebsite?> FindAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT url, interval_seconds, enabled, status, status_changed_at, monitor_type, check_definition::text, {VerdictPolicyColumns.Names} FROM websites WHERE id = $1");
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredWebsite(
            new WebsiteDefinition(
                websiteId, reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2), VerdictPolicyColumns.Read(reader, 7),
                StoredMonitors.Spec(reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6))),
            Enum.Parse<WebsiteHealth>(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetDateTime(4));
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
