using Npgsql;

namespace Uptime.Hub.Persistence;

/// <summary>The REST API's reads of validators.</summary>
public sealed class ValidatorRepository(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ValidatorRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, public_key, location, ip_address, online, last_heartbeat, created_at
            FROM validators ORDER BY created_at, id
            """);
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
                reader.GetDateTime(6)));
        }

        return validators;
    }
}
