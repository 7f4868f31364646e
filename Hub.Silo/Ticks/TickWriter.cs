using System.Threading.Channels;
using Npgsql;
using Uptime.Hub.Certificates;
using Uptime.Hub.Observability;
using Uptime.Hub.Stats;

namespace Uptime.Hub.Ticks;

/// <summary>
/// Stores ticks in batches: a bounded queue drained by one loop that writes whatever has accumulated with one
/// statement (rows passed as arrays) that also maintains the rollups, so there is no SQL round trip per tick. When PostgreSQL fails the batch is retried with back-off
/// while the queue absorbs new ticks. Ticks sent with a tickId are acknowledged to their connection only after
/// the statement that stores them has committed.
/// </summary>
public sealed partial class TickWriter(
    NpgsqlDataSource dataSource, HubCounters counters, CertificateRecorder certificates, ILogger<TickWriter> logger) : BackgroundService, ITickQueue
{
    public const int QueueCapacity = 100_000;
    public const int MaxBatchSize = 5_000;

    /// <summary>How long the first tick of a batch waits for others; bounds the store lag it adds.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// One statement per batch: insert the ticks (a tick id already stored, or twice in the batch, is stored once), then
    /// add exactly the newly stored ones to the minute and hour rollups, per website and for the whole fleet (nil
    /// website id). A refused tick is stored but left out of the rollups: it says nothing about the website.
    /// </summary>
    private static readonly string _storeSql = $"""
        WITH batch AS (
            SELECT DISTINCT ON (id) * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[],
                                                 $6::double precision[], $7::text[], $8::timestamptz[], $9::text[],
                                                 $10::boolean[], $11::boolean[], $12::smallint[], $13::real[], $14::real[], $15::real[],
                                                 $16::real[], $17::real[], $18::text[], $19::boolean[], $20::smallint[], $21::boolean[])
                AS b(id, website_id, validator_id, "timestamp", status, latency, error, created_at, location, refused, confirmation,
                     http_status, dns_ms, connect_ms, tls_ms, first_byte_ms, transfer_ms, address, tls_resumed, failed_assertion, warm)),
        inserted AS (
            INSERT INTO website_ticks (id, website_id, validator_id, "timestamp", status, latency, error, created_at, refused, confirmation,
                                       http_status, dns_ms, connect_ms, tls_ms, first_byte_ms, transfer_ms, address, tls_resumed, failed_assertion, warm)
            SELECT id, website_id, validator_id, "timestamp", status, latency, error, created_at, refused, confirmation,
                   http_status, dns_ms, connect_ms, tls_ms, first_byte_ms, transfer_ms, address, tls_resumed, failed_assertion, warm FROM batch
            ON CONFLICT (id) DO NOTHING
            RETURNING id),
        fresh AS (
            SELECT batch.* FROM batch JOIN inserted USING (id) WHERE NOT batch.refused),
        minute AS (
            {RollupSql("website_rollups_minute", "minute")}
            RETURNING 1)
        {RollupSql("website_rollups_hour", "hour")}
        """;

    private readonly Channel<TickRow> _queue = Channel.CreateBounded<TickRow>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public int QueueLength => _queue.Reader.Count;

    /// <summary>Queues the tick unless the queue is full (PostgreSQL has been away for a while): then false.</summary>
    public bool TryEnqueue(TickRow row) => _queue.Writer.TryWrite(row);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        if (_queue.Reader.Count > 0)
        {
            // Stopped before the loop ever ran (the host cancels a loop that has not started yet): flush here.
            await DrainAsync(cancellationToken);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => DrainAsync(stoppingToken);

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TickRow>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (_queue.Reader.Count < MaxBatchSize && !stoppingToken.IsCancellationRequested)
            {
                // Let a batch gather: fewer, larger commits cost PostgreSQL far less than one per few ticks.
                await Task.Delay(BatchWindow, CancellationToken.None);
            }

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
                await StoreAsync(batch);
                counters.TicksWritten(batch);
                foreach (var tick in batch)
                {
                    if (tick.Details?.Certificate is { } certificate && !tick.Refused)
                    {
                        certificates.Saw(tick.WebsiteId, tick.ValidatorId, certificate);
                    }
                }

                foreach (var connection in batch.Where(t => t.Ack is not null).Select(t => t.Ack!.Value).GroupBy(ack => ack.To))
                {
                    connection.Key.Acknowledge([.. connection.Select(ack => ack.TickId)]);
                }

                if (attempt > 1)
                {
                    LogRecovered(logger, batch.Count, attempt);
                }

                return;
            }
            catch (PostgresException e) when (!e.IsTransient && batch.Count > 1)
            {
                // PostgreSQL refuses something in the batch itself: retrying it would block every later tick.
                LogBatchRefused(logger, batch.Count, e.SqlState, e.MessageText);
                await StoreOneByOneAsync(batch);
                return;
            }
            catch (PostgresException e) when (!e.IsTransient)
            {
                LogTickDropped(logger, batch[0].Id, batch[0].WebsiteId, e.SqlState, e.MessageText);
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

    private async Task StoreOneByOneAsync(List<TickRow> batch)
    {
        foreach (var tick in batch)
        {
            await WriteWithRetryAsync([tick], CancellationToken.None);
        }
    }

    private static string RollupSql(string table, string unit) => $"""
        INSERT INTO {table} AS r (website_id, bucket, location, checks, failures, latency_sum, latency_max, latency_hist)
        SELECT coalesce(website_id, '00000000-0000-0000-0000-000000000000'::uuid),
               date_trunc('{unit}', "timestamp", 'UTC'), location,
               count(*), count(*) FILTER (WHERE status = 'Bad'), sum(latency), max(latency),
               {LatencyHistogram.SqlCounts()}
        FROM fresh
        GROUP BY GROUPING SETS ((website_id, date_trunc('{unit}', "timestamp", 'UTC'), location),
                                (date_trunc('{unit}', "timestamp", 'UTC'), location))
        ON CONFLICT (website_id, bucket, location) DO UPDATE SET
            checks = r.checks + EXCLUDED.checks,
            failures = r.failures + EXCLUDED.failures,
            latency_sum = r.latency_sum + EXCLUDED.latency_sum,
            latency_max = greatest(r.latency_max, EXCLUDED.latency_max),
            latency_hist = uptime_add_counts(r.latency_hist, EXCLUDED.latency_hist)
        """;

    private async Task StoreAsync(List<TickRow> batch)
    {
        await using var command = dataSource.CreateCommand(_storeSql);
        command.Parameters.Add(new() { Value = batch.Select(t => t.Id).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.WebsiteId).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.ValidatorId).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Timestamp).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Good ? "Good" : "Bad").ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Latency).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Error).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.ReceivedAt).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Location).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Refused).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Confirmation).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => (short?)t.Details?.HttpStatus).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => (float?)t.Details?.Phases?.Dns).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => (float?)t.Details?.Phases?.Connect).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => (float?)t.Details?.Phases?.Tls).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => (float?)t.Details?.Phases?.FirstByte).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => (float?)t.Details?.Phases?.Transfer).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Details?.Address).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Details?.TlsResumed).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => (short?)t.Details?.FailedAssertion).ToArray() });
        command.Parameters.Add(new() { Value = batch.Select(t => t.Details?.Warm).ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    [LoggerMessage(2001, LogLevel.Warning, "Storing {Count} ticks failed (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogWriteFailed(ILogger logger, int count, int attempt, string reason);

    [LoggerMessage(2002, LogLevel.Information, "Stored {Count} ticks after {Attempt} attempts")]
    private static partial void LogRecovered(ILogger logger, int count, int attempt);

    [LoggerMessage(2004, LogLevel.Error, "PostgreSQL refused a batch of {Count} ticks ({SqlState}: {Reason}); storing them one by one")]
    private static partial void LogBatchRefused(ILogger logger, int count, string sqlState, string reason);

    [LoggerMessage(2005, LogLevel.Error, "Tick {TickId} for website {WebsiteId} dropped: PostgreSQL refuses it ({SqlState}: {Reason})")]
    private static partial void LogTickDropped(ILogger logger, Guid tickId, Guid websiteId, string sqlState, string reason);

    [LoggerMessage(2003, LogLevel.Error, "Shutting down with PostgreSQL unreachable: {Count} ticks were not stored")]
    private static partial void LogDropped(ILogger logger, int count);
}
