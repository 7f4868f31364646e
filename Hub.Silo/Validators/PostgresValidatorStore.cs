using Npgsql;
using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>The validators table, written by the validator grains.</summary>
public sealed class PostgresValidatorStore(NpgsqlDataSource dataSource) : IValidatorStore
{
    public async Task<ValidatorPresence?> FindPresenceAsync(Guid validatorId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT online, last_heartbeat FROM validators WHERE id = $1");
        command.Parameters.Add(new() { Value = validatorId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ValidatorPresence(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1))
            : null;
    }

    public async Task RegisterAsync(Guid validatorId, ValidatorIdentity identity, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO validators (id, public_key, ip_address, location, online, last_heartbeat, created_at, updated_at)
            VALUES ($1, $2, $3, $4, true, $5, $5, $5)
            ON CONFLICT (id) DO UPDATE SET
                ip_address = EXCLUDED.ip_address,
                location = EXCLUDED.location,
                online = true,
                last_heartbeat = EXCLUDED.last_heartbeat,
                updated_at = EXCLUDED.updated_at
            """);
        command.Parameters.Add(new() { Value = validatorId });
        command.Parameters.Add(new() { Value = identity.PublicKey });
        command.Parameters.Add(new() { Value = identity.IpAddress });
        command.Parameters.Add(new() { Value = identity.Location });
        command.Parameters.Add(new() { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task RecordHeartbeatAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken) =>
        SetPresenceAsync(validatorId, online: true, now, cancellationToken);

    public Task MarkOfflineAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken) =>
        SetPresenceAsync(validatorId, online: false, now, cancellationToken);

    private async Task SetPresenceAsync(Guid validatorId, bool online, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(online
            ? "UPDATE validators SET online = true, last_heartbeat = $2, updated_at = $2 WHERE id = $1"
            : "UPDATE validators SET online = false, updated_at = $2 WHERE id = $1");
        command.Parameters.Add(new() { Value = validatorId });
        command.Parameters.Add(new() { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
