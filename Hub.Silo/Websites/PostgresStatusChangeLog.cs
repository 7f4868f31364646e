using Npgsql;
using Uptime.Grains;

namespace Uptime.Hub.Websites;

/// <summary>
/// Status transitions of websites, written by the website grains: a row in the log and, in the same transaction,
/// the website's current status on its websites row (what the dashboard counts, filters and sorts by).
/// </summary>
public sealed class PostgresStatusChangeLog(NpgsqlDataSource dataSource) : IStatusChangeLog
{
    public async Task RecordAsync(Guid websiteId, DateTime at, WebsiteHealth from, WebsiteHealth to, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO website_status_changes (website_id, at, from_status, to_status) VALUES ($1, $2, $3, $4)
            ON CONFLICT (website_id, at) DO NOTHING
            """)
        {
            Parameters = { new() { Value = websiteId }, new() { Value = at }, new() { Value = from.ToString() }, new() { Value = to.ToString() } },
        });

        // A transition older than the one already stored (a late write from a former activation) does not win.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            UPDATE websites SET status = $3, status_changed_at = $2
            WHERE id = $1 AND (status_changed_at IS NULL OR status_changed_at <= $2)
            """)
        {
            Parameters = { new() { Value = websiteId }, new() { Value = at }, new() { Value = to.ToString() } },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
