using Npgsql;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Tests.Ticks;

/// <summary>Tick rows for the persistence tests, written and read with plain SQL (independent of the code under test).</summary>
internal static class TestTicks
{
    /// <summary>A UTC instant with microsecond precision, the resolution of timestamptz.</summary>
    /// <summary>The validator location of every test tick; website_ticks does not store it (the rollups do).</summary>
    public const string Location = "Test Location";

    public static readonly DateTime Origin = new DateTime(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560);

    /// <summary><paramref name="count"/> rows alternating Good/Bad with distinct, microsecond-precise values.</summary>
    public static List<TickRow> Create(Guid websiteId, int count, Guid? validatorId = null)
    {
        var validator = validatorId ?? Guid.NewGuid();
        return [.. Enumerable.Range(0, count).Select(i => new TickRow(
            Guid.CreateVersion7(),
            websiteId,
            validator,
            Origin.AddTicks(i * 10_010L),
            Good: i % 2 == 0,
            Latency: i + 0.125,
            Error: i % 2 == 0 ? null : $"timeout #{i}",
            ReceivedAt: Origin.AddSeconds(1).AddTicks(i * 10L),
            Location: Location))];
    }

    public static async Task InsertAsync(NpgsqlDataSource dataSource, params TickRow[] ticks)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var tick in ticks)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO website_ticks (id, website_id, validator_id, "timestamp", status, latency, error, created_at, refused, confirmation)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                """)
            {
                Parameters =
                {
                    new() { Value = tick.Id },
                    new() { Value = tick.WebsiteId },
                    new() { Value = tick.ValidatorId },
                    new() { Value = tick.Timestamp },
                    new() { Value = tick.Good ? "Good" : "Bad" },
                    new() { Value = tick.Latency },
                    new() { Value = (object?)tick.Error ?? DBNull.Value },
                    new() { Value = tick.ReceivedAt },
                    new() { Value = tick.Refused },
                    new() { Value = tick.Confirmation },
                },
            });
        }

        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Every stored row of the website, read back as <see cref="TickRow"/>s by id (created_at as ReceivedAt).</summary>
    public static async Task<Dictionary<Guid, TickRow>> ReadAsync(NpgsqlDataSource dataSource, Guid websiteId)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, website_id, validator_id, "timestamp", status, latency, error, created_at, refused, confirmation
            FROM website_ticks WHERE website_id = $1
            """);
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<Guid, TickRow>();
        while (await reader.ReadAsync())
        {
            var status = reader.GetString(4);
            Assert.True(status is "Good" or "Bad", $"status {status}");
            var row = new TickRow(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetDateTime(3),
                status == "Good",
                reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetDateTime(7),
                Location,
                Refused: reader.GetBoolean(8),
                Confirmation: reader.GetBoolean(9));
            rows.Add(row.Id, row);
        }

        return rows;
    }

    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, Guid websiteId)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM website_ticks WHERE website_id = $1");
        command.Parameters.Add(new() { Value = websiteId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
