using Npgsql;
using Uptime.Grains;

namespace Uptime.Hub.Persistence;

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
}
