using Npgsql;
using Uptime.Grains;

namespace Uptime.Hub.Persistence;

/// <summary>Status transitions of websites, written by the website grains.</summary>
public sealed class PostgresStatusChangeLog(NpgsqlDataSource dataSource) : IStatusChangeLog
{
    public async Task RecordAsync(Guid websiteId, DateTime at, WebsiteHealth from, WebsiteHealth to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO website_status_changes (website_id, at, from_status, to_status) VALUES ($1, $2, $3, $4)
            ON CONFLICT (website_id, at) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = at });
        command.Parameters.Add(new() { Value = from.ToString() });
        command.Parameters.Add(new() { Value = to.ToString() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
