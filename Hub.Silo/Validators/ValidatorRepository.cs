using Npgsql;

namespace Uptime.Hub.Validators;

/// <summary>The REST API's reads of validators.</summary>
public sealed class ValidatorRepository(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT v.id, v.public_key, v.location, v.ip_address, v.online, v.last_heartbeat, v.created_at,
               coalesce(recent.ticks, 0)::integer, v.state, v.banned_at, v.banned_by, v.ban_reason,
               v.impaired_since, v.impaired_reason
        FROM validators v
        LEFT JOIN (
            SELECT validator_id, count(*) AS ticks
            FROM website_ticks
            WHERE created_at > now() - interval '1 minute'
            GROUP BY validator_id
        ) recent ON recent.validator_id = v.id
        """;

    public async Task<IReadOnlyList<ValidatorRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select + " ORDER BY v.created_at, v.id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<ValidatorRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select + " WHERE v.id = $1");
        command.Parameters.Add(new() { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<List<ValidatorRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var validators = new List<ValidatorRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            validators.Add(new ValidatorRecord(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5),
                reader.GetDateTime(6),
                reader.GetInt32(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetDateTime(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                !reader.IsDBNull(12),
                reader.IsDBNull(12) ? null : reader.GetDateTime(12),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return validators;
    }
}
