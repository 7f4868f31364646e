using Uptime.Hub.Observability;
using Uptime.Hub.Tests.Ticks;

namespace Uptime.Hub.Tests.Observability;

public sealed class HubCountersTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly HubMetrics _metrics;
    private readonly MeterRecorder _recorder;

    public HubCountersTests()
    {
        _metrics = new HubMetrics(_meters.Factory, "127.0.0.1:11111", () => 0, () => 0, () => 0);
        _recorder = new MeterRecorder(_metrics.Meter);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public void TickReceived_WithLatency_CountsAndRecordsLatency()
    {
        var counters = new HubCounters(_metrics);

        counters.TickReceived(87.5);
        counters.TickReceived(12.5);

        Assert.Equal(2, counters.TicksReceived);
        Assert.Equal(2, _recorder.Of("uptime_ticks_received").Sum(m => m.Value));
        Assert.Equal([12.5, 87.5], _recorder.Of("uptime_check_latency").Select(m => m.Value).Order());
    }

    [Fact]
    public void ChecksWritten_Count_AddsToTotalAndCounter()
    {
        var counters = new HubCounters(_metrics);

        counters.ChecksWritten(500);
        counters.ChecksWritten(7);

        Assert.Equal(507, counters.ChecksSent);
        Assert.Equal(507, _recorder.Of("uptime_checks_dispatched").Sum(m => m.Value));
    }

    [Fact]
    public void ChecksUndelivered_Count_AddsToCounter()
    {
        var counters = new HubCounters(_metrics);

        counters.ChecksUndelivered(40);
        counters.ChecksUndelivered(2);

        Assert.Equal(42, _recorder.Of("uptime_checks_undelivered").Sum(m => m.Value));
    }

    [Fact]
    public void TicksWritten_Batch_RecordsBatchSizeAndLagOfEachTick()
    {
        var committedAt = new DateTimeOffset(2025, 11, 20, 12, 0, 10, TimeSpan.Zero);
        var counters = new HubCounters(_metrics, new FixedTime(committedAt));
        var lagsMs = new[] { 250.0, 1_000.0, 4_000.0 };
        var batch = TestTicks.Create(Guid.NewGuid(), lagsMs.Length)
            .Select((tick, i) => tick with { ReceivedAt = committedAt.UtcDateTime.AddMilliseconds(-lagsMs[i]) })
            .ToList();

        counters.TicksWritten(batch);

        Assert.Equal(3, counters.TicksStored);
        Assert.Equal(3, Assert.Single(_recorder.Of("uptime_tick_writer_batch_size")).Value);
        Assert.Equal(lagsMs, _recorder.Of("uptime_tick_writer_lag").Select(m => m.Value).Order());
    }

    [Fact]
    public void Counters_WithoutMetrics_StillCount()
    {
        var counters = new HubCounters();

        counters.TickReceived(10);
        counters.TicksWritten(TestTicks.Create(Guid.NewGuid(), 2));
        counters.ChecksWritten(3);
        counters.CheckDue();

        Assert.Equal(1, counters.TicksReceived);
        Assert.Equal(2, counters.TicksStored);
        Assert.Equal(3, counters.ChecksSent);
        Assert.Equal(1, counters.ChecksDue);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
