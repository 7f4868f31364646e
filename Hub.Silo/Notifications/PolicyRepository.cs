using Npgsql;
using NpgsqlTypes;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The notification policies in PostgreSQL (<c>sql/109_notifications.sql</c>), each written with its channel list in one
/// transaction. Making a policy the default takes the flag from the one that had it.
/// </summary>
public sealed class PolicyRepository(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT p.id, p.name, p.enabled, p.is_default, p.website_ids, p.tags, p.events, p.quiet_seconds, p.reminder_minutes,
               COALESCE(array_agg(c.channel_id ORDER BY c.channel_id) FILTER (WHERE c.channel_id IS NOT NULL), '{}'),
               p.created_at, p.updated_at
        FROM notification_policies p LEFT JOIN notification_policy_channels c ON c.policy_id = p.id
        """;

    private const string UniqueViolation = "23505";

    public async Task<IReadOnlyList<PolicyView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, cancellationToken);
    }

    public async Task<PolicyView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadAsync(connection, id, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Inserts (<paramref name="creating"/>) or replaces <paramref name="policy"/> with its channels.</summary>
    public async Task<PolicyWrite> WriteAsync(PolicyView policy, bool creating, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await MissingChannelsAsync(connection, policy.ChannelIds, cancellationToken) is { Count: > 0 } missing)
        {
            return new PolicyWrite(null, missing, Conflict: null);
        }

        if (policy.IsDefault)
        {
            await using var command = new NpgsqlCommand("UPDATE notification_policies SET is_default = false, updated_at = clock_timestamp() WHERE is_default AND id <> $1", connection, transaction);
            command.Parameters.Add(new() { Value = policy.Id });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(creating
            ? """
              INSERT INTO notification_policies (id, name, enabled, is_default, website_ids, tags, events, quiet_seconds, reminder_minutes)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
              """
            : """
              UPDATE notification_policies SET name = $2, enabled = $3, is_default = $4, website_ids = $5, tags = $6, events = $7,
                  quiet_seconds = $8, reminder_minutes = $9, updated_at = clock_timestamp()
              WHERE id = $1
              """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = policy.Id });
            command.Parameters.Add(new() { Value = policy.Name });
            command.Parameters.Add(new() { Value = policy.Enabled });
            command.Parameters.Add(new() { Value = policy.IsDefault });
            command.Parameters.Add(new NpgsqlParameter<Guid[]?> { TypedValue = policy.WebsiteIds?.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter<string[]?> { TypedValue = policy.Tags?.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = policy.Events.ToArray() });
            command.Parameters.Add(new() { Value = policy.QuietSeconds });
            command.Parameters.Add(new() { Value = policy.ReminderMinutes });
            try
            {
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return new PolicyWrite(null, [], Conflict: null);
                }
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                return new PolicyWrite(null, [], e.ConstraintName == "notification_policies_name_key"
                    ? $"another notification policy is named \"{policy.Name}\""
                    : "another policy was made the default at the same time; try again");
            }
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM notification_policy_channels WHERE policy_id = $1")
            {
                Parameters = { new() { Value = policy.Id } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO notification_policy_channels (policy_id, channel_id) SELECT $1, unnest($2::uuid[])")
            {
                Parameters = { new() { Value = policy.Id }, new() { Value = policy.ChannelIds.ToArray() } },
            });
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new PolicyWrite((await ReadAsync(connection, policy.Id, cancellationToken)).SingleOrDefault(), [], Conflict: null);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM notification_policies WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// The listed channels that do not exist, read with a share lock on those that do, so none is deleted before the
    /// transaction links it.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> MissingChannelsAsync(NpgsqlConnection connection, IReadOnlyList<Guid> channelIds, CancellationToken cancellationToken)
    {
        await using (var lockExisting = new NpgsqlCommand("SELECT 1 FROM notification_channels WHERE id = ANY($1) FOR SHARE", connection))
        {
            lockExisting.Parameters.Add(new() { Value = channelIds.ToArray() });
            await lockExisting.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand("""
            SELECT listed FROM unnest($1::uuid[]) WITH ORDINALITY AS l (listed, position)
            WHERE NOT EXISTS (SELECT 1 FROM notification_channels WHERE id = listed) ORDER BY position
            """, connection);
        command.Parameters.Add(new() { Value = channelIds.ToArray() });
        var missing = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            missing.Add(reader.GetGuid(0));
        }

        return missing;
    }

    private static async Task<IReadOnlyList<PolicyView>> ReadAsync(NpgsqlConnection connection, Guid? id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"{Select} WHERE $1::uuid IS NULL OR p.id = $1 GROUP BY p.id ORDER BY p.is_default DESC, p.name, p.id", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = id, NpgsqlDbType = NpgsqlDbType.Uuid });
        var policies = new List<PolicyView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            policies.Add(new PolicyView(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetBoolean(2),
                reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<Guid[]>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5),
                reader.GetFieldValue<string[]>(6),
                reader.GetInt32(7),
                reader.GetInt32(8),
                reader.GetFieldValue<Guid[]>(9),
                reader.GetDateTime(10),
                reader.GetDateTime(11)));
        }

        return policies;
    }
}

/// <summary>
/// The policy as written; null with <see cref="MissingChannels"/> when listed channels do not exist, with
/// <see cref="Conflict"/> when another policy has its name (or became the default meanwhile), with neither when the policy
/// to change is gone.
/// </summary>
public sealed record PolicyWrite(PolicyView? Policy, IReadOnlyList<Guid> MissingChannels, string? Conflict);
