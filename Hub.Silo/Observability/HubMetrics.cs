using System.Diagnostics.Metrics;

namespace Uptime.Hub.Observability;

/// <summary>
/// The hub's instruments on the <see cref="MeterName"/> meter, exported at <c>/metrics</c>. Every measurement carries
/// the <see cref="SiloTag"/> tag of this silo. Production code records through <see cref="HubCounters"/>.
/// </summary>
public sealed class HubMetrics
{
    public const string MeterName = "Uptime.Hub";
    public const string SiloTag = "silo";
    public const string ReasonTag = "reason";
    public const string ResultTag = "result";
    public const string ChangeTag = "change";

    /// <summary>Bucket bounds (ms) for the latency validators report: fast local targets up to probe time-outs.</summary>
    public static readonly IReadOnlyList<double> CheckLatencyBucketsMs =
        [5, 10, 25, 50, 75, 100, 150, 250, 500, 750, 1_000, 2_500, 5_000, 10_000, 30_000];

    /// <summary>Bucket bounds (ms) for the time from a tick's arrival at the hub to its commit in PostgreSQL.</summary>
    public static readonly IReadOnlyList<double> TickWriterLagBucketsMs =
        [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000];

    /// <summary>Bucket bounds for the rows per insert batch, up to the writer's maximum batch of 5,000.</summary>
    public static readonly IReadOnlyList<int> TickWriterBatchSizeBuckets =
        [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000];

    private readonly KeyValuePair<string, object?> _silo;
    private readonly Counter<long> _ticksReceived;
    private readonly Counter<long> _checksDispatched;
    private readonly Histogram<double> _checkLatency;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _tickWriterLag;
    private readonly Histogram<double> _dispatchLag;
    private readonly Counter<long> _gatewayRefusals;
    private readonly Counter<long> _ticksRefused;
    private readonly Counter<long> _confirmationRounds;
    private readonly Counter<long> _checksUndelivered;
    private readonly Counter<long> _checksDropped;
    private readonly Counter<long> _canaryRounds;
    private readonly Counter<long> _impairmentChanges;

    /// <param name="meterFactory">Creates (and later disposes) the <see cref="MeterName"/> meter.</param>
    /// <param name="silo">Value of the <see cref="SiloTag"/> tag, e.g. <c>127.0.0.1:11111</c>.</param>
    /// <param name="connectedValidators">Registered validator connections of this silo.</param>
    /// <param name="tickWriterQueue">Ticks waiting in the tick writer's queue.</param>
    /// <param name="activeWebsiteGrains">Website grain activations on this silo.</param>
    public HubMetrics(
        IMeterFactory meterFactory,
        string silo,
        Func<int> connectedValidators,
        Func<int> tickWriterQueue,
        Func<int> activeWebsiteGrains)
    {
        _silo = new KeyValuePair<string, object?>(SiloTag, silo);
        Meter = meterFactory.Create(MeterName);
        _ticksReceived = Meter.CreateCounter<long>(
            "uptime_ticks_received", unit: null, "Tick results accepted from validators on this silo");
        _checksDispatched = Meter.CreateCounter<long>(
            "uptime_checks_dispatched", unit: null, "Check items written to the validator sockets of this silo");
        _checkLatency = Meter.CreateHistogram(
            "uptime_check_latency", "ms", "Latency of website checks as reported by validators",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = CheckLatencyBucketsMs });
        _batchSize = Meter.CreateHistogram(
            "uptime_tick_writer_batch_size", unit: null, "Ticks stored per batch statement",
            tags: null, new InstrumentAdvice<int> { HistogramBucketBoundaries = TickWriterBatchSizeBuckets });
        _tickWriterLag = Meter.CreateHistogram(
            "uptime_tick_writer_lag", "ms", "Time from a tick's arrival at the hub to its commit in PostgreSQL",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = TickWriterLagBucketsMs });
        _dispatchLag = Meter.CreateHistogram(
            "uptime_dispatch_lag", "ms", "Time from a check's slot to its CHECK_WEBSITE frame being written to a validator socket",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = TickWriterLagBucketsMs });
        _gatewayRefusals = Meter.CreateCounter<long>(
            "uptime_gateway_refusals", unit: null,
            "Connections and messages the validator gateway refused, by reason (limits, tokens, signatures, bans, pending approvals)");
        _ticksRefused = Meter.CreateCounter<long>(
            "uptime_ticks_refused", unit: null,
            "Ticks not stored, by the code of the ERROR sent (unexpected_tick, invalid_field, unknown_website)");
        _confirmationRounds = Meter.CreateCounter<long>(
            "uptime_confirmation_rounds", unit: null,
            "Confirmation rounds website grains asked for, by outcome: sent, or over_budget (HUB_CONFIRMATIONS_PER_SECOND was spent)");
        _checksUndelivered = Meter.CreateCounter<long>(
            "uptime_checks_undelivered", unit: null,
            "Checks this silo could not hand to another silo's relay (the call failed), so that silo's validators missed them");
        _checksDropped = Meter.CreateCounter<long>(
            "uptime_checks_dropped", unit: null,
            "Checks not sent, by reason: stale (more than half an interval past their slot, e.g. after a pause) or silo_not_active (this silo is not an Active cluster member)");
        _canaryRounds = Meter.CreateCounter<long>(
            "uptime_canary_rounds", unit: null,
            "Canary rounds of validators on this silo that ended, by result: passed (every canary Good), failed (more than half Bad or unanswered) or inconclusive");
        _impairmentChanges = Meter.CreateCounter<long>(
            "uptime_validator_impairment_changes", unit: null,
            "Validators of this silo that became impaired or recovered, by change (impaired, recovered)");
        Meter.CreateObservableGauge(
            "uptime_connected_validators", () => Observe(connectedValidators), unit: null,
            "Registered validator connections of this silo");
        Meter.CreateObservableGauge(
            "uptime_tick_writer_queue", () => Observe(tickWriterQueue), unit: null,
            "Ticks waiting in the tick writer's queue");
        Meter.CreateObservableGauge(
            "uptime_active_website_grains", () => Observe(activeWebsiteGrains), unit: null,
            "Website grain activations on this silo");
    }

    public Meter Meter { get; }

    public void TickReceived() => _ticksReceived.Add(1, _silo);

    public void ChecksDispatched(int count) => _checksDispatched.Add(count, _silo);

    public void ChecksUndelivered(int count) => _checksUndelivered.Add(count, _silo);

    /// <summary>Checks not sent; <paramref name="reason"/> is one of <see cref="DroppedCheckReasons"/>.</summary>
    public void ChecksDropped(int count, string reason) => _checksDropped.Add(count, _silo, new KeyValuePair<string, object?>(ReasonTag, reason));

    /// <param name="result">passed, failed or inconclusive.</param>
    public void CanaryRound(string result) => _canaryRounds.Add(1, _silo, new KeyValuePair<string, object?>(ResultTag, result));

    /// <param name="change">impaired or recovered.</param>
    public void ImpairmentChanged(string change) => _impairmentChanges.Add(1, _silo, new KeyValuePair<string, object?>(ChangeTag, change));

    public void CheckLatency(double milliseconds) => _checkLatency.Record(milliseconds, _silo);

    public void TickBatchStored(int count) => _batchSize.Record(count, _silo);

    public void TickWriterLag(double milliseconds) => _tickWriterLag.Record(milliseconds, _silo);

    public void DispatchLag(double milliseconds) => _dispatchLag.Record(milliseconds, _silo);

    /// <param name="code">The ERROR code sent for the tick.</param>
    public void TickRefused(string code) => _ticksRefused.Add(1, _silo, new KeyValuePair<string, object?>(ReasonTag, code));

    /// <param name="reason">One of <see cref="Validators.RefusalReasons"/>.</param>
    public void ValidatorRefusal(string reason) => _gatewayRefusals.Add(1, _silo, new KeyValuePair<string, object?>(ReasonTag, reason));

    public void ConfirmationRound(bool sent) =>
        _confirmationRounds.Add(1, _silo, new KeyValuePair<string, object?>("outcome", sent ? "sent" : "over_budget"));

    private Measurement<int> Observe(Func<int> source) => new(source(), _silo);
}
