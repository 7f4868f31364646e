using Npgsql;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>A website_ticks row as the chaos test reads it: the check's time and the hub's receive time.</summary>
internal sealed record ChaosTick(Guid Id, Guid WebsiteId, Guid ValidatorId, DateTime Timestamp, string Status, DateTime CreatedAt);

/// <summary>Reads of the cluster's database; every read fails while PostgreSQL is stopped (callers poll).</summary>
internal sealed class ChaosDatabase(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <summary>The validators row's id and online flag of <paramref name="publicKey"/>, if any.</summary>
    public async Task<(Guid Id, bool Online)?> ValidatorAsync(string publicKey)
    {
        await using var command = _dataSource.CreateCommand("SELECT id, online FROM validators WHERE lower(public_key) = lower($1)");
        command.Parameters.Add(new() { Value = publicKey });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetGuid(0), reader.GetBoolean(1)) : null;
    }

    /// <summary>Every stored tick of <paramref name="validatorIds"/>.</summary>
    public async Task<IReadOnlyList<ChaosTick>> TicksAsync(IReadOnlyCollection<Guid> validatorIds)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT id, website_id, validator_id, "timestamp", status, created_at
            FROM website_ticks WHERE validator_id = ANY($1)
            """);
        command.Parameters.Add(new() { Value = validatorIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        var ticks = new List<ChaosTick>();
        while (await reader.ReadAsync())
        {
            ticks.Add(new ChaosTick(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetDateTime(3), reader.GetString(4), reader.GetDateTime(5)));
        }

        return ticks;
    }

    /// <summary>Which of <paramref name="tickIds"/> are stored.</summary>
    public async Task<HashSet<Guid>> StoredAsync(IReadOnlyCollection<Guid> tickIds)
    {
        await using var command = _dataSource.CreateCommand("SELECT id FROM website_ticks WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = tickIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            stored.Add(reader.GetGuid(0));
        }

        return stored;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
