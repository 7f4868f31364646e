using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Persistence;

/// <summary>
/// Stores ticks in batches: a bounded queue drained by one loop that writes whatever has accumulated with one
/// binary COPY, so there is no SQL round trip per tick. When PostgreSQL fails the batch is retried with back-off
/// while the queue absorbs new ticks; a full queue slows the sockets down instead of dropping ticks.
/// </summary>
public sealed partial class TickWriter(NpgsqlDataSource dataSource, HubCounters counters, ILogger<TickWriter> logger) : BackgroundService
{
    public const int QueueCapacity = 100_000;
    public const int MaxBatchSize = 5_000;

    private const string CopyCommand =
        "COPY website_ticks (id, website_id, validator_id, \"timestamp\", status, latency, error, created_at) FROM STDIN (FORMAT BINARY)";

    private readonly Channel<TickRow> _queue = Channel.CreateBounded<TickRow>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public int QueueLength => _queue.Reader.Count;

    public ValueTask EnqueueAsync(TickRow row, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(row, cancellationToken);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TickRow>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            await WriteWithRetryAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<TickRow> batch, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CopyAsync(batch);
                counters.TicksWritten(batch.Count);
                if (attempt > 1)
                {
                    LogRecovered(logger, batch.Count, attempt);
                }

                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogWriteFailed(logger, batch.Count, attempt, e.Message);
                if (stoppingToken.IsCancellationRequested && attempt >= 3)
                {
                    LogDropped(logger, batch.Count + QueueLength);
                    return;
                }

                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task CopyAsync(List<TickRow> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(CopyCommand);
        foreach (var tick in batch)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(tick.Id, NpgsqlDbType.Uuid);
            await importer.WriteAsync(tick.WebsiteId, NpgsqlDbType.Uuid);
            await importer.WriteAsync(tick.ValidatorId, NpgsqlDbType.Uuid);
            await importer.WriteAsync(tick.Timestamp, NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(tick.Good ? "Good" : "Bad", NpgsqlDbType.Text);
            await importer.WriteAsync(tick.Latency, NpgsqlDbType.Double);
            if (tick.Error is null)
            {
                await importer.WriteNullAsync();
            }
            else
            {
                await importer.WriteAsync(tick.Error, NpgsqlDbType.Text);
            }

            await importer.WriteAsync(tick.ReceivedAt, NpgsqlDbType.TimestampTz);
        }

        await importer.CompleteAsync();
    }

    [LoggerMessage(2001, LogLevel.Warning, "Storing {Count} ticks failed (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogWriteFailed(ILogger logger, int count, int attempt, string reason);

    [LoggerMessage(2002, LogLevel.Information, "Stored {Count} ticks after {Attempt} attempts")]
    private static partial void LogRecovered(ILogger logger, int count, int attempt);

    [LoggerMessage(2003, LogLevel.Error, "Shutting down with PostgreSQL unreachable: {Count} ticks were not stored")]
    private static partial void LogDropped(ILogger logger, int count);
}
