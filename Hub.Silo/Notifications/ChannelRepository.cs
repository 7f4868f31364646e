using System.Data.Common;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Uptime.Hub.Notifications;

/// <summary>The notification channels in PostgreSQL (<c>sql/109_notifications.sql</c>).</summary>
public sealed class ChannelRepository(NpgsqlDataSource dataSource)
{
    /// <summary>The columns <see cref="ReadAsync"/> reads, in its order.</summary>
    public const string Columns = "id, name, type, enabled, settings::text, secrets, subject_template, body_template, created_at, updated_at";

    private const string Select = $"SELECT {Columns} FROM notification_channels";

    private const string UniqueViolation = "23505";

    public async Task<IReadOnlyList<ChannelRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} ORDER BY name, id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<ChannelRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Inserts <paramref name="channel"/> (its times are set here).</summary>
    public Task<ChannelWrite> InsertAsync(ChannelRecord channel, CancellationToken cancellationToken) => WriteAsync($"""
        INSERT INTO notification_channels (id, name, type, enabled, settings, secrets, subject_template, body_template)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING {Columns}
        """, channel, cancellationToken);

    /// <summary>Replaces the row of <paramref name="channel"/>'s id (not its type); no channel when that row is gone.</summary>
    public Task<ChannelWrite> UpdateAsync(ChannelRecord channel, CancellationToken cancellationToken) => WriteAsync($"""
        UPDATE notification_channels SET name = $2, enabled = $4, settings = $5, secrets = $6, subject_template = $7,
            body_template = $8, updated_at = clock_timestamp()
        WHERE id = $1 AND type = $3
        RETURNING {Columns}
        """, channel, cancellationToken);

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM notification_channels WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<ChannelWrite> WriteAsync(string sql, ChannelRecord channel, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = channel.Id });
        command.Parameters.Add(new() { Value = channel.Name });
        command.Parameters.Add(new() { Value = channel.Type });
        command.Parameters.Add(new() { Value = channel.Enabled });
        command.Parameters.Add(new() { Value = channel.Settings.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<byte[]?> { TypedValue = channel.Secrets, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = channel.SubjectTemplate, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = channel.BodyTemplate, NpgsqlDbType = NpgsqlDbType.Text });
        try
        {
            return new ChannelWrite((await ReadAsync(command, cancellationToken)).SingleOrDefault(), NameTaken: false);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            return new ChannelWrite(null, NameTaken: true);
        }
    }

    /// <summary>The channels a command selecting <see cref="Columns"/> finds.</summary>
    public static async Task<IReadOnlyList<ChannelRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var channels = new List<ChannelRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            channels.Add(new ChannelRecord(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetBoolean(3),
                JsonNode.Parse(reader.GetString(4))!.AsObject(),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
                NullableText(reader, 6),
                NullableText(reader, 7),
                reader.GetDateTime(8),
                reader.GetDateTime(9)));
        }

        return channels;
    }

    private static string? NullableText(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}

/// <summary>The channel as written; null with <see cref="NameTaken"/> when another channel has its name, null without when it is gone.</summary>
public sealed record ChannelWrite(ChannelRecord? Channel, bool NameTaken);
