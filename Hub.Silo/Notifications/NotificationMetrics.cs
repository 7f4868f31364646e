using System.Diagnostics.Metrics;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The notification instruments on the <see cref="MeterName"/> meter: deliveries by channel type and outcome, the time
/// from an incident change to the receiver's 2xx, and the outbox depth and dead letters (as last counted by this silo).
/// </summary>
public sealed class NotificationMetrics
{
    public const string MeterName = "Uptime.Hub.Notifications";

    /// <summary>Bucket bounds (s) from an incident change to the receiver's 2xx: at once, a grouping window, retries, hours.</summary>
    public static readonly IReadOnlyList<double> LatencyBucketsSeconds = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600, 14400, 86400];

    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _latency;
    private long _outboxDepth;
    private long _deadLetters;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _deliveries = meter.CreateCounter<long>(
            "uptime_notification_deliveries", unit: null, "Delivery attempts by channel type and outcome (sent, retry, dead, skipped)");
        _latency = meter.CreateHistogram(
            "uptime_notification_delivery_latency", "s", "Time from an incident change to its receiver's 2xx",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBucketsSeconds });
        meter.CreateObservableGauge(
            "uptime_notification_outbox_depth", () => Interlocked.Read(ref _outboxDepth), unit: null, "Deliveries pending in the outbox");
        meter.CreateObservableGauge(
            "uptime_notification_dead_letters", () => Interlocked.Read(ref _deadLetters), unit: null, "Deliveries dead-lettered");
    }

    public void Delivered(string channelType, string outcome, TimeSpan? latency)
    {
        _deliveries.Add(1, new KeyValuePair<string, object?>("type", channelType), new KeyValuePair<string, object?>("outcome", outcome));
        if (latency is { } elapsed)
        {
            _latency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("type", channelType));
        }
    }

    public void Counted(long outboxDepth, long deadLetters)
    {
        Interlocked.Exchange(ref _outboxDepth, outboxDepth);
        Interlocked.Exchange(ref _deadLetters, deadLetters);
    }
}
