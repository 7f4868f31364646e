using System.Data.Common;
using Npgsql;

namespace Uptime.Hub.Maintenance;

/// <summary>The maintenance windows in PostgreSQL (<c>sql/106_maintenance_windows.sql</c>).</summary>
public sealed class MaintenanceRepository(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT w.id, w.name, w.description, w.starts_at, w.ends_at, w.cron, w.time_zone, w.duration_minutes, w.all_websites,
               w.created_at, w.updated_at,
               COALESCE(array_agg(s.website_id ORDER BY s.website_id) FILTER (WHERE s.website_id IS NOT NULL), '{}')
        FROM maintenance_windows w LEFT JOIN maintenance_window_websites s ON s.window_id = w.id
        """;

    private const string ForeignKeyViolation = "23503";

    public async Task<IReadOnlyList<MaintenanceWindow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} GROUP BY w.id ORDER BY w.created_at, w.id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<MaintenanceWindow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE w.id = $1 GROUP BY w.id");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Creates the window (<paramref name="id"/> null) or replaces it, its list included, in one transaction.</summary>
    public async Task<WriteResult> WriteAsync(Guid? id, MaintenanceInput input, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var missing = await MissingWebsitesAsync(connection, input.WebsiteIds, cancellationToken);
        if (missing.Count > 0)
        {
            return new WriteResult(null, missing);
        }

        var windowId = id ?? Guid.CreateVersion7();
        await using (var command = new NpgsqlCommand(id is null
            ? """
              INSERT INTO maintenance_windows (id, name, description, starts_at, ends_at, cron, time_zone, duration_minutes, all_websites)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
              """
            : """
              UPDATE maintenance_windows SET name = $2, description = $3, starts_at = $4, ends_at = $5, cron = $6, time_zone = $7,
                  duration_minutes = $8, all_websites = $9, updated_at = clock_timestamp()
              WHERE id = $1
              """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = windowId });
            command.Parameters.Add(new() { Value = input.Name });
            command.Parameters.Add(new() { Value = input.Description });
            command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = input.StartsAt, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = input.EndsAt, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = input.Cron, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = input.TimeZone, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = input.DurationMinutes, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            command.Parameters.Add(new() { Value = input.AllWebsites });
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return new WriteResult(null, []);
            }
        }

        await using (var command = new NpgsqlCommand("""
            DELETE FROM maintenance_window_websites WHERE window_id = $1;
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = windowId });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand("""
            INSERT INTO maintenance_window_websites (window_id, website_id) SELECT $1, unnest($2::uuid[])
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = windowId });
            command.Parameters.Add(new() { Value = input.WebsiteIds.ToArray() });
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == ForeignKeyViolation)
            {
                // A listed website was deleted since it was checked above.
                return new WriteResult(null, await MissingWebsitesAsync(connection, input.WebsiteIds, cancellationToken));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new WriteResult(await FindAsync(windowId, cancellationToken), []);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM maintenance_windows WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static async Task<IReadOnlyList<Guid>> MissingWebsitesAsync(
        NpgsqlConnection connection, IReadOnlyList<Guid> websiteIds, CancellationToken cancellationToken)
    {
        if (websiteIds.Count == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand("""
            SELECT listed FROM unnest($1::uuid[]) WITH ORDINALITY AS l (listed, position)
            WHERE NOT EXISTS (SELECT 1 FROM websites WHERE id = listed) ORDER BY position
            """, connection);
        command.Parameters.Add(new() { Value = websiteIds.ToArray() });
        var missing = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            missing.Add(reader.GetGuid(0));
        }

        return missing;
    }

    private static async Task<IReadOnlyList<MaintenanceWindow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var windows = new List<MaintenanceWindow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            windows.Add(new MaintenanceWindow(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                NullableTime(reader, 3),
                NullableTime(reader, 4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.GetBoolean(8),
                reader.GetFieldValue<Guid[]>(11),
                reader.GetDateTime(9),
                reader.GetDateTime(10)));
        }

        return windows;
    }

    private static DateTime? NullableTime(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDateTime(column);
}

/// <summary>
/// The window as written; null with <see cref="MissingWebsites"/> when listed websites do not exist (nothing was written), null
/// without when the window to replace does not exist.
/// </summary>
public sealed record WriteResult(MaintenanceWindow? Window, IReadOnlyList<Guid> MissingWebsites);
