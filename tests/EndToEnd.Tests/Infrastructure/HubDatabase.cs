using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Access;
using Uptime.Hub.Incidents;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>A website_ticks row as stored.</summary>
internal sealed record StoredTick(Guid Id, Guid WebsiteId, Guid ValidatorId, DateTime Timestamp, string Status, double Latency, string? Error);

/// <summary>A validators row as stored.</summary>
internal sealed record StoredValidator(Guid Id, string PublicKey, string IpAddress, string Location, bool Online, DateTime? LastHeartbeat);

/// <summary>Direct reads of a hub's PostgreSQL database, to check what the hub stored.</summary>
internal sealed class HubDatabase(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<IReadOnlyList<StoredTick>> TicksAsync(Guid websiteId)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT id, website_id, validator_id, "timestamp", status, latency, error
            FROM website_ticks WHERE website_id = $1 ORDER BY "timestamp"
            """);
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync();
        var ticks = new List<StoredTick>();
        while (await reader.ReadAsync())
        {
            ticks.Add(new StoredTick(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetDateTime(3),
                reader.GetString(4),
                reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return ticks;
    }

    /// <summary>The secret the hub's silos sign session cookies with (created here if no silo has needed it yet).</summary>
    public Task<byte[]> SessionSecretAsync() => SessionSecret.LoadOrCreateAsync(_dataSource, CancellationToken.None);

    /// <summary>How many ticks of any website the validator <paramref name="validatorId"/> has stored.</summary>
    public async Task<long> TickCountAsync(Guid validatorId)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM website_ticks WHERE validator_id = $1");
        command.Parameters.Add(new() { Value = validatorId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<StoredValidator?> ValidatorAsync(string publicKey)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT id, public_key, ip_address, location, online, last_heartbeat
            FROM validators WHERE lower(public_key) = lower($1)
            """);
        command.Parameters.Add(new() { Value = publicKey });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new StoredValidator(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5))
            : null;
    }

    /// <summary>
    /// Opens a Down incident of <paramref name="websiteId"/> in the hub's tables, as a website grain would (the hub announces
    /// nothing for it: its dashboards see it when they next load the incidents).
    /// </summary>
    public async Task<Guid> OpenIncidentAsync(Guid websiteId, string reason, IReadOnlyList<IncidentVote> votes) =>
        (await new IncidentRepository(_dataSource).OpenAsync(websiteId, DateTime.UtcNow, WebsiteHealth.Down, reason, votes, CancellationToken.None)).Id;

    /// <summary>
    /// Writes a notification event and its delivery to <paramref name="channelId"/>, as the outbox would, with the outcome of
    /// its last attempt; returns the delivery's id.
    /// </summary>
    public async Task<Guid> AddDeliveryAsync(
        Guid channelId, Guid? incidentId, Guid? websiteId, string kind, string state, DateTime createdAt, int? lastStatus = null, string? lastError = null,
        string payload = "{}")
    {
        var eventId = Guid.NewGuid();
        var deliveryId = Guid.NewGuid();
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO notification_events (id, kind, incident_id, website_id, at, payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)")
        {
            Parameters =
            {
                new() { Value = eventId },
                new() { Value = kind },
                new NpgsqlParameter<Guid?> { TypedValue = incidentId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
                new NpgsqlParameter<Guid?> { TypedValue = websiteId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
                new() { Value = createdAt },
                new() { Value = payload },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO notification_deliveries (id, event_id, channel_id, state, created_at, due_at, attempts, last_attempt_at, last_status, last_error)
            VALUES ($1, $2, $3, $4, $5, $5, 1, $5, $6, $7)
            """)
        {
            Parameters =
            {
                new() { Value = deliveryId },
                new() { Value = eventId },
                new() { Value = channelId },
                new() { Value = state },
                new() { Value = createdAt },
                new NpgsqlParameter<int?> { TypedValue = lastStatus, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
                new NpgsqlParameter<string?> { TypedValue = lastError, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            },
        });
        await batch.ExecuteNonQueryAsync();
        return deliveryId;
    }

    /// <summary>The stored row of a notification channel: its shown settings (JSON) and the ciphertext of its secrets.</summary>
    public async Task<(string Settings, byte[]? Secrets)> ChannelRowAsync(Guid channelId)
    {
        await using var command = _dataSource.CreateCommand("SELECT settings::text, secrets FROM notification_channels WHERE id = $1");
        command.Parameters.Add(new() { Value = channelId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    public async Task<long> EnabledWebsiteCountAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM websites WHERE enabled");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<string> PushTokenAsync(Guid websiteId)
    {
        await using var command = _dataSource.CreateCommand("SELECT push_token FROM websites WHERE id = $1");
        command.Parameters.Add(new() { Value = websiteId });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
