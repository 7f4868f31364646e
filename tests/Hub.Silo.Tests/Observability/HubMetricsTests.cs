using System.Diagnostics.Metrics;
using Uptime.Hub.Observability;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Observability;

public sealed class HubMetricsTests : IDisposable
{
    private const string Silo = "10.0.0.7:11111";

    private readonly TestMeterFactory _meters = new();
    private int _connected;
    private int _queued;
    private int _websiteGrains;

    public void Dispose() => _meters.Dispose();

    [Fact]
    public void Meter_Created_IsNamedUptimeHub()
    {
        var metrics = CreateMetrics();

        Assert.Equal("Uptime.Hub", metrics.Meter.Name);
        Assert.Equal(HubMetrics.MeterName, metrics.Meter.Name);
    }

    [Fact]
    public void Counters_Recorded_CarryValuesAndSiloTag()
    {
        var metrics = CreateMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);

        metrics.TickReceived();
        metrics.TickReceived();
        metrics.ChecksDispatched(250);

        var ticks = recorder.Of("uptime_ticks_received");
        Assert.Equal(2, ticks.Sum(m => m.Value));
        Assert.All(ticks, m => Assert.Equal(Silo, m.Tags[HubMetrics.SiloTag]));
        var checks = Assert.Single(recorder.Of("uptime_checks_dispatched"));
        Assert.Equal(250, checks.Value);
        Assert.Equal(Silo, checks.Tags[HubMetrics.SiloTag]);
        Assert.IsType<Counter<long>>(recorder.Instrument("uptime_ticks_received"));
        Assert.IsType<Counter<long>>(recorder.Instrument("uptime_checks_dispatched"));
    }

    [Fact]
    public void GatewayRefusal_Recorded_CountedByReasonWithSiloTag()
    {
        var metrics = CreateMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);

        metrics.ValidatorRefusal(RefusalReasons.InvalidSignature);
        metrics.ValidatorRefusal(RefusalReasons.MessagesPerSecond);
        metrics.ValidatorRefusal(RefusalReasons.MessagesPerSecond);

        var refusals = recorder.Of("uptime_gateway_refusals");
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, m => Assert.Equal(Silo, m.Tags[HubMetrics.SiloTag]));
        Assert.Equal(2, refusals.Count(m => Equals(m.Tags[HubMetrics.ReasonTag], "messages_per_second")));
        Assert.Equal(1, refusals.Count(m => Equals(m.Tags[HubMetrics.ReasonTag], "invalid_signature")));
        Assert.IsType<Counter<long>>(recorder.Instrument("uptime_gateway_refusals"));
    }

    [Fact]
    public void Histograms_Recorded_CarryValuesSiloTagAndUnits()
    {
        var metrics = CreateMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);

        metrics.CheckLatency(123.5);
        metrics.TickBatchStored(4_000);
        metrics.TickWriterLag(42);

        Assert.Equal(123.5, Assert.Single(recorder.Of("uptime_check_latency")).Value);
        Assert.Equal(4_000, Assert.Single(recorder.Of("uptime_tick_writer_batch_size")).Value);
        Assert.Equal(42, Assert.Single(recorder.Of("uptime_tick_writer_lag")).Value);
        Assert.All(
            ["uptime_check_latency", "uptime_tick_writer_batch_size", "uptime_tick_writer_lag"],
            name => Assert.Equal(Silo, Assert.Single(recorder.Of(name)).Tags[HubMetrics.SiloTag]));
        Assert.Equal("ms", recorder.Instrument("uptime_check_latency").Unit);
        Assert.Equal("ms", recorder.Instrument("uptime_tick_writer_lag").Unit);
    }

    [Fact]
    public void Histograms_Created_AdviseExplicitBuckets()
    {
        var metrics = CreateMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);

        var latency = (Histogram<double>)recorder.Instrument("uptime_check_latency");
        var lag = (Histogram<double>)recorder.Instrument("uptime_tick_writer_lag");
        var batch = (Histogram<int>)recorder.Instrument("uptime_tick_writer_batch_size");

        Assert.Equal(HubMetrics.CheckLatencyBucketsMs, latency.Advice?.HistogramBucketBoundaries);
        Assert.Equal(HubMetrics.TickWriterLagBucketsMs, lag.Advice?.HistogramBucketBoundaries);
        Assert.Equal(HubMetrics.TickWriterBatchSizeBuckets, batch.Advice?.HistogramBucketBoundaries);
        Assert.Contains(100.0, HubMetrics.CheckLatencyBucketsMs);
        Assert.Contains(5_000, HubMetrics.TickWriterBatchSizeBuckets);
        Assert.Equal(HubMetrics.CheckLatencyBucketsMs.Order(), HubMetrics.CheckLatencyBucketsMs);
        Assert.Equal(HubMetrics.TickWriterLagBucketsMs.Order(), HubMetrics.TickWriterLagBucketsMs);
        Assert.Equal(HubMetrics.TickWriterBatchSizeBuckets.Order(), HubMetrics.TickWriterBatchSizeBuckets);
    }

    [Fact]
    public void Gauges_Observed_ReadTheirSourcesEachTime()
    {
        var metrics = CreateMetrics();
        using var recorder = new MeterRecorder(metrics.Meter);
        _connected = 3;
        _queued = 120;
        _websiteGrains = 42;

        recorder.Observe();

        Assert.Equal(3, Assert.Single(recorder.Of("uptime_connected_validators")).Value);
        Assert.Equal(120, Assert.Single(recorder.Of("uptime_tick_writer_queue")).Value);
        var grains = Assert.Single(recorder.Of("uptime_active_website_grains"));
        Assert.Equal(42, grains.Value);
        Assert.Equal(Silo, grains.Tags[HubMetrics.SiloTag]);

        _connected = 1;
        recorder.Observe();
        Assert.Equal([3.0, 1.0], recorder.Of("uptime_connected_validators").Select(m => m.Value));
        Assert.IsType<ObservableGauge<int>>(recorder.Instrument("uptime_connected_validators"));
    }

    private HubMetrics CreateMetrics() =>
        new(_meters.Factory, Silo, () => _connected, () => _queued, () => _websiteGrains);
}
