using Npgsql;

namespace Uptime.Hub.Ticks;

/// <summary>
/// Enforces the retention settings every 10 minutes: raw ticks, minute rollups, hour rollups and status changes
/// past their age are deleted in chunks (short transactions). One silo at a time, by advisory lock.
/// </summary>
public sealed partial class RetentionService(
    NpgsqlDataSource dataSource,
    RetentionOptions options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);
    public const int ChunkSize = 20_000;
    internal const long AdvisoryLockKey = 0x7570_7469_6D65_7274;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await EnforceAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes everything past its retention; returns the number of rows deleted.</summary>
    public async Task<long> EnforceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLockKey})", connection))
        {
            if (!(bool)(await lockCommand.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var deleted = await DeleteOlderThanAsync(connection, "website_ticks", "created_at", now - options.TickRetention, cancellationToken)
                + await DeleteOlderThanAsync(connection, "website_rollups_minute", "bucket", now - options.MinuteRollupRetention, cancellationToken)
                + await DeleteOlderThanAsync(connection, "website_rollups_hour", "bucket", now - options.HourRollupRetention, cancellationToken)
                + await DeleteOlderThanAsync(connection, "website_status_changes", "at", now - options.HourRollupRetention, cancellationToken);
            if (deleted > 0)
            {
                LogDeleted(logger, deleted);
            }

            return deleted;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<long> DeleteOlderThanAsync(NpgsqlConnection connection, string table, string column, DateTime cutoff, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var command = new NpgsqlCommand(
                $"DELETE FROM {table} WHERE ctid IN (SELECT ctid FROM {table} WHERE {column} < $1 LIMIT {ChunkSize})", connection);
            command.Parameters.Add(new() { Value = cutoff });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < ChunkSize)
            {
                return total;
            }
        }
    }

    [LoggerMessage(6001, LogLevel.Information, "Retention: deleted {Count} rows past their retention")]
    private static partial void LogDeleted(ILogger logger, long count);

    [LoggerMessage(6002, LogLevel.Warning, "Retention run failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
