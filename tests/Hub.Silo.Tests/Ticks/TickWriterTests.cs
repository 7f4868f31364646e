using Microsoft.Extensions.Logging.Abstractions;
using Uptime.Hub.Certificates;
using Uptime.Hub.Observability;
using Uptime.Hub.Tests.Certificates;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Tests.Database.OrleansAdoNet;
using Uptime.Hub.Ticks;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Ticks;

[Collection(DatabaseCollection.Name)]
public sealed class TickWriterTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly TimeSpan _storeTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TryEnqueue_MoreThanOneBatchWhileRunning_EveryRowStoredWithExactValues()
    {
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var websiteId = Guid.NewGuid();
        var rows = TestTicks.Create(websiteId, 12_000);
        Assert.True(rows.Count > TickWriter.MaxBatchSize * 2);

        await writer.StartAsync(CancellationToken.None);
        try
        {
            Enqueue(writer, rows);

            await WaitForStoredAsync(counters, rows.Count);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }

        Assert.Equal(12_000, counters.TicksStored);
        var stored = await TestTicks.ReadAsync(database.DataSource, websiteId);
        Assert.Equal(12_000, stored.Count);
        foreach (var row in rows)
        {
            Assert.Equal(row, stored[row.Id]);
        }

        var good = stored[rows[0].Id];
        Assert.True(good.Good);
        Assert.Null(good.Error);
        Assert.Equal(TestTicks.Origin, good.Timestamp);
        Assert.Equal(DateTimeKind.Utc, good.Timestamp.Kind);
        Assert.Equal(rows[0].ReceivedAt, good.ReceivedAt);
        var bad = stored[rows[11_999].Id];
        Assert.False(bad.Good);
        Assert.Equal("timeout #11999", bad.Error);
        Assert.Equal(TestTicks.Origin.AddTicks(11_999 * 10_010L), bad.Timestamp);
        Assert.Equal(11_999.125, bad.Latency);
        Assert.Equal(TestTicks.Origin.AddSeconds(1).AddTicks(119_990), bad.ReceivedAt);
    }

    [Fact]
    public async Task TryEnqueue_StatusText_GoodOrBad()
    {
        var websiteId = Guid.NewGuid();
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var rows = TestTicks.Create(websiteId, 2);

        await writer.StartAsync(CancellationToken.None);
        Enqueue(writer, rows);

        await WaitForStoredAsync(counters, rows.Count);
        await writer.StopAsync(CancellationToken.None);

        await using var command = database.DataSource.CreateCommand(
            "SELECT status, error FROM website_ticks WHERE website_id = $1 ORDER BY \"timestamp\"");
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("Good", reader.GetString(0));
        Assert.True(reader.IsDBNull(1));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("Bad", reader.GetString(0));
        Assert.Equal("timeout #1", reader.GetString(1));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task StopAsync_RowsStillQueued_FlushesThemAll()
    {
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var websiteId = Guid.NewGuid();
        var rows = TestTicks.Create(websiteId, 12_001);

        await writer.StartAsync(CancellationToken.None);
        Enqueue(writer, [rows[0]]);
        await WaitForStoredAsync(counters, 1);
        Enqueue(writer, rows.Skip(1));

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(0, writer.QueueLength);
        Assert.Equal(12_001, counters.TicksStored);
        Assert.Equal(12_001L, await TestTicks.CountAsync(database.DataSource, websiteId));
    }

    [Fact]
    public async Task StartAsync_RowsQueuedBeforeStart_WrittenInSeveralBatches()
    {
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var websiteId = Guid.NewGuid();
        Enqueue(writer, TestTicks.Create(websiteId, 7_500));

        Assert.Equal(7_500, writer.QueueLength);

        await writer.StartAsync(CancellationToken.None);
        try
        {
            await WaitForStoredAsync(counters, 7_500);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }

        Assert.Equal(7_500, counters.TicksStored);
        Assert.Equal(7_500L, await TestTicks.CountAsync(database.DataSource, websiteId));
    }

    [Fact]
    public async Task StopAsync_ImmediatelyAfterStart_FlushesQueuedRows()
    {
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var websiteId = Guid.NewGuid();
        Enqueue(writer, TestTicks.Create(websiteId, 10));

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(10L, await TestTicks.CountAsync(database.DataSource, websiteId));
    }

    [Fact]
    public async Task TryEnqueue_AfterStop_False()
    {
        using var writer = new TickWriter(database.DataSource, new HubCounters(), new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        Assert.False(writer.TryEnqueue(TestTicks.Create(Guid.NewGuid(), 1)[0]));
    }

    [Fact]
    public void TryEnqueue_QueueFull_FalseAndQueueKeepsItsRows()
    {
        using var writer = new TickWriter(database.DataSource, new HubCounters(), new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var rows = TestTicks.Create(Guid.NewGuid(), TickWriter.QueueCapacity + 1);

        Enqueue(writer, rows[..TickWriter.QueueCapacity]);

        Assert.False(writer.TryEnqueue(rows[^1]));
        Assert.Equal(TickWriter.QueueCapacity, writer.QueueLength);
    }

    [Fact]
    public async Task TryEnqueue_PostgresBrieflyDown_EveryRowStoredAfterRestart()
    {
        // Its own server: stopping the collection's server would break the pooled connections of the other classes.
        await using var server = await PostgresServer.StartAsync();
        await using var dataSource = await MigratedDatabase.CreateAsync(server);
        var counters = new HubCounters();
        var logger = new RecordingLogger<TickWriter>();
        using var writer = new TickWriter(dataSource, counters, new CertificateRecorder(dataSource, CertificateWarningsOff.Of(dataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), logger);
        var websiteId = Guid.NewGuid();
        var before = TestTicks.Create(websiteId, 10);
        var during = TestTicks.Create(websiteId, 100);

        await writer.StartAsync(CancellationToken.None);
        try
        {
            // A first batch leaves an idle pooled connection behind, which the outage kills.
            Enqueue(writer, before);

            await WaitForStoredAsync(counters, before.Count);

            await server.StopAsync();
            Enqueue(writer, during);

            var failure = await logger.FirstAsync(2001).WaitAsync(TimeSpan.FromSeconds(15));
            Assert.StartsWith("Storing ", failure, StringComparison.Ordinal);
            Assert.Equal(before.Count, counters.TicksStored);

            await server.StartAgainAsync();
            await WaitForStoredAsync(counters, before.Count + during.Count);
            Assert.StartsWith("Stored ", await logger.FirstAsync(2002).WaitAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }

        var stored = await TestTicks.ReadAsync(dataSource, websiteId);
        Assert.Equal(before.Count + during.Count, stored.Count);
        foreach (var row in during)
        {
            Assert.Equal(row, stored[row.Id]);
        }

        Assert.DoesNotContain(logger.Entries, e => e.EventId.Id == 2003);
    }

    [Fact]
    public async Task TryEnqueue_RowPostgresRefuses_LaterRowsStillStored()
    {
        var logger = new RecordingLogger<TickWriter>();
        using var writer = new TickWriter(database.DataSource, new HubCounters(), new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), logger);
        var websiteId = Guid.NewGuid();
        var rows = TestTicks.Create(websiteId, 2);

        await writer.StartAsync(CancellationToken.None);
        try
        {
            Enqueue(writer, [rows[1] with { Error = "connection reset\0" }]);
            var failure = await logger.FirstAsync(2005).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains("22021", failure, StringComparison.Ordinal);
            Enqueue(writer, [rows[0]]);

            await Eventually.SucceedsAsync(
                async () => await TestTicks.CountAsync(database.DataSource, websiteId) >= 1 ? "stored" : null,
                TimeSpan.FromSeconds(15),
                "a tick queued after a tick PostgreSQL refuses was never stored");
        }
        finally
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await writer.StopAsync(stopTimeout.Token);
        }
    }

    /// <summary>Queues the rows the way the gateway does (<see cref="TickWriter.TryEnqueue"/>); each must be accepted.</summary>
    private static void Enqueue(TickWriter writer, IEnumerable<TickRow> rows)
    {
        foreach (var row in rows)
        {
            Assert.True(writer.TryEnqueue(row), $"TryEnqueue refused tick {row.Id} with {writer.QueueLength} queued");
        }
    }

    private static Task WaitForStoredAsync(HubCounters counters, long count) =>
        Eventually.SucceedsAsync(
            () => Task.FromResult(counters.TicksStored >= count ? "stored" : null),
            _storeTimeout,
            $"TicksStored did not reach {count}",
            TimeSpan.FromMilliseconds(20));
}
