using Npgsql;
using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>The validators table, written by the validator grains.</summary>
public sealed class PostgresValidatorStore(NpgsqlDataSource dataSource) : IValidatorStore
{
    public async Task<ValidatorPresence?> FindPresenceAsync(Guid validatorId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT online, last_heartbeat, state, ban_reason, impaired_since FROM validators WHERE id = $1");
        command.Parameters.Add(new() { Value = validatorId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ValidatorPresence(
                reader.GetBoolean(0),
                reader.IsDBNull(1) ? null : reader.GetDateTime(1),
                ValidatorStateNames.Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDateTime(4))
            : null;
    }

    /// <summary>One statement, so a REGISTER costs the same round trip as before validators had a state.</summary>
    public async Task<ValidatorStanding> RegisterAsync(
        Guid validatorId, ValidatorIdentity identity, ValidatorState newKeyState, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO validators (id, public_key, ip_address, location, online, last_heartbeat, created_at, updated_at, state, capabilities)
            VALUES ($1, $2, $3, $4, $6 = 'active', CASE WHEN $6 = 'active' THEN $5 END, $5, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET
                capabilities = EXCLUDED.capabilities,
                ip_address = CASE WHEN validators.state = 'banned' THEN validators.ip_address ELSE EXCLUDED.ip_address END,
                location = CASE WHEN validators.state = 'banned' THEN validators.location ELSE EXCLUDED.location END,
                state = CASE WHEN validators.state = 'pending' THEN EXCLUDED.state ELSE validators.state END,
                online = validators.state = 'active' OR (validators.state = 'pending' AND EXCLUDED.state = 'active'),
                last_heartbeat = CASE
                    WHEN validators.state = 'active' OR (validators.state = 'pending' AND EXCLUDED.state = 'active') THEN EXCLUDED.updated_at
                    ELSE validators.last_heartbeat END,
                updated_at = EXCLUDED.updated_at
            RETURNING state, ban_reason
            """);
        command.Parameters.Add(new() { Value = validatorId });
        command.Parameters.Add(new() { Value = identity.PublicKey });
        command.Parameters.Add(new() { Value = identity.IpAddress });
        command.Parameters.Add(new() { Value = identity.Location });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = newKeyState.Name() });
        command.Parameters.Add(new() { Value = identity.Capabilities ?? [] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ValidatorStanding(ValidatorStateNames.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public Task RecordHeartbeatAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken) =>
        SetPresenceAsync(validatorId, online: true, now, cancellationToken);

    public Task MarkOfflineAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken) =>
        SetPresenceAsync(validatorId, online: false, now, cancellationToken);

    public async Task BanAsync(Guid validatorId, string bannedBy, string? reason, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE validators SET state = 'banned', banned_at = $2, banned_by = $3, ban_reason = $4, updated_at = $2
            WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = validatorId });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = bannedBy });
        command.Parameters.Add(new() { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ActivateAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE validators SET state = 'active', banned_at = NULL, banned_by = NULL, ban_reason = NULL, updated_at = $2
            WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = validatorId });
        command.Parameters.Add(new() { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid validatorId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM validators WHERE id = $1");
        command.Parameters.Add(new() { Value = validatorId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetImpairedAsync(Guid validatorId, DateTime? since, string? reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE validators SET impaired_since = $2, impaired_reason = $3 WHERE id = $1");
        command.Parameters.Add(new() { Value = validatorId });
        command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = since, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
