using Npgsql;
using Uptime.Grains;

namespace Uptime.Hub.Websites;

/// <summary>Website definitions for the grains, read from the websites table.</summary>
public sealed class PostgresWebsiteCatalog(NpgsqlDataSource dataSource) : IWebsiteCatalog
{
    public async Task<WebsiteDefinition?> FindAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT url, interval_seconds, enabled FROM websites WHERE id = $1");
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new WebsiteDefinition(websiteId, reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2))
            : null;
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
