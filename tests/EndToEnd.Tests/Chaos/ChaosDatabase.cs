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

    /// <summary>Status changes logged within <paramref name="shorterThan"/> of the website's previous one (a blink, e.g. Up→Unknown→Up).</summary>
    public async Task<IReadOnlyList<string>> BlinkingStatusChangesAsync(TimeSpan shorterThan)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT website_id, previous_at, at, previous_from, from_status, to_status FROM (
                SELECT website_id, at, from_status, to_status,
                       lag(at) OVER w AS previous_at, lag(from_status) OVER w AS previous_from
                FROM website_status_changes WINDOW w AS (PARTITION BY website_id ORDER BY at)) changes
            WHERE at - previous_at < $1
            """);
        command.Parameters.Add(new() { Value = shorterThan });
        await using var reader = await command.ExecuteReaderAsync();
        var blinks = new List<string>();
        while (await reader.ReadAsync())
        {
            blinks.Add($"website {reader.GetGuid(0)}: {reader.GetString(3)}→{reader.GetString(4)} at {reader.GetDateTime(1):HH:mm:ss.fff}, →{reader.GetString(5)} at {reader.GetDateTime(2):HH:mm:ss.fff}");
        }

        return blinks;
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
