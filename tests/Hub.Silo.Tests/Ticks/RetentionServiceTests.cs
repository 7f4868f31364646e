using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Ticks;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Ticks;

/// <summary>
/// Retention against real PostgreSQL: rows on each side of every cutoff (one second, minute or hour away), more raw ticks
/// than one delete chunk, and the advisory lock that lets one silo at a time delete. Each test has a database of its own,
/// so the number of rows deleted is exact.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class RetentionServiceTests(PostgresFixture postgres)
{
    private static readonly DateTime _now = new(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private static readonly RetentionOptions _options = new()
    {
        TickRetention = TimeSpan.FromDays(14),
        MinuteRollupRetention = TimeSpan.FromHours(48),
        HourRollupRetention = TimeSpan.FromDays(400),
    };

    [Fact]
    public async Task EnforceAsync_RowsOnBothSidesOfEachCutoff_DeletesExactlyThosePastRetention()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        var oldTicks = RetentionService.ChunkSize + 5;
        var websiteId = Guid.NewGuid();
        // Ticks expire by when they were received (created_at), not by the time the validator reported.
        await InsertTicksAsync(dataSource, websiteId, oldTicks, createdAt: _now - _options.TickRetention - TimeSpan.FromSeconds(1), timestamp: _now);
        await InsertTicksAsync(dataSource, websiteId, 1, createdAt: _now - _options.TickRetention + TimeSpan.FromSeconds(1), timestamp: _now.AddYears(-1));
        await InsertRollupAsync(dataSource, "website_rollups_minute", websiteId, _now - _options.MinuteRollupRetention - TimeSpan.FromMinutes(1));
        await InsertRollupAsync(dataSource, "website_rollups_minute", websiteId, _now - _options.MinuteRollupRetention + TimeSpan.FromMinutes(1));
        await InsertRollupAsync(dataSource, "website_rollups_hour", websiteId, _now - _options.HourRollupRetention - TimeSpan.FromHours(1));
        await InsertRollupAsync(dataSource, "website_rollups_hour", websiteId, _now - _options.HourRollupRetention + TimeSpan.FromHours(1));
        await InsertStatusChangeAsync(dataSource, websiteId, _now - _options.HourRollupRetention - TimeSpan.FromSeconds(1));
        await InsertStatusChangeAsync(dataSource, websiteId, _now - _options.HourRollupRetention + TimeSpan.FromSeconds(1));

        var deleted = await NewService(dataSource).EnforceAsync(CancellationToken.None);

        Assert.Equal(oldTicks + 3, deleted);
        Assert.Equal(
            new[] { _now - _options.TickRetention + TimeSpan.FromSeconds(1) },
            await TimesAsync(dataSource, "SELECT created_at FROM website_ticks"));
        Assert.Equal(
            new[] { _now - _options.MinuteRollupRetention + TimeSpan.FromMinutes(1) },
            await TimesAsync(dataSource, "SELECT bucket FROM website_rollups_minute"));
        Assert.Equal(
            new[] { _now - _options.HourRollupRetention + TimeSpan.FromHours(1) },
            await TimesAsync(dataSource, "SELECT bucket FROM website_rollups_hour"));
        Assert.Equal(
            new[] { _now - _options.HourRollupRetention + TimeSpan.FromSeconds(1) },
            await TimesAsync(dataSource, "SELECT at FROM website_status_changes"));
        Assert.Equal(0, await NewService(dataSource).EnforceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EnforceAsync_AnotherSiloHoldsTheLock_DeletesNothingUntilItIsReleased()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        await InsertTicksAsync(dataSource, Guid.NewGuid(), 3, createdAt: _now - _options.TickRetention - TimeSpan.FromDays(1), timestamp: _now);
        await using var otherSilo = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(otherSilo, $"SELECT pg_advisory_lock({RetentionService.AdvisoryLockKey})");

        var whileLocked = await NewService(dataSource).EnforceAsync(CancellationToken.None);
        var remaining = (await TimesAsync(dataSource, "SELECT created_at FROM website_ticks")).Count;
        await ExecuteAsync(otherSilo, $"SELECT pg_advisory_unlock({RetentionService.AdvisoryLockKey})");
        var afterRelease = await NewService(dataSource).EnforceAsync(CancellationToken.None);

        Assert.Equal((0, 3, 3), (whileLocked, remaining, afterRelease));
    }

    private static RetentionService NewService(NpgsqlDataSource dataSource) =>
        new(dataSource, _options, new FakeTimeProvider(_now), NullLogger<RetentionService>.Instance);

    private static async Task InsertTicksAsync(NpgsqlDataSource dataSource, Guid websiteId, int count, DateTime createdAt, DateTime timestamp)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO website_ticks (id, website_id, validator_id, "timestamp", status, latency, error, created_at)
            SELECT gen_random_uuid(), $1, $1, $2, 'Good', 1, NULL, $3 FROM generate_series(1, $4)
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = timestamp });
        command.Parameters.Add(new() { Value = createdAt });
        command.Parameters.Add(new() { Value = count });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertRollupAsync(NpgsqlDataSource dataSource, string table, Guid websiteId, DateTime bucket)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO {table} (website_id, bucket, location, checks, failures, latency_sum, latency_max, latency_hist)
            VALUES ($1, $2, 'Test Location', 1, 0, 1, 1, ARRAY[1])
            """);
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = bucket });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertStatusChangeAsync(NpgsqlDataSource dataSource, Guid websiteId, DateTime at)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO website_status_changes (website_id, at, from_status, to_status) VALUES ($1, $2, 'Up', 'Down')");
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new() { Value = at });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<DateTime>> TimesAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var times = new List<DateTime>();
        while (await reader.ReadAsync())
        {
            times.Add(reader.GetDateTime(0));
        }

        return times;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
