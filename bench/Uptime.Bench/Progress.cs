using System.Diagnostics;
using System.Globalization;

namespace Uptime.Bench;

/// <summary>Waits a phase out, printing the hub's rates every 10 s and noting the hub's peak RSS.</summary>
internal sealed class Progress(HubCluster hub, HttpClient client, double expectedPerSecond)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    public long PeakHubRssBytes { get; private set; }

    public static void Say(string text) =>
        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public async Task WaitAsync(string phase, TimeSpan length, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var previous = MetricsSnapshot.Merge(await hub.ScrapeAsync(client, cancellationToken));
        var previousAt = watch.Elapsed;
        while (watch.Elapsed < length)
        {
            var wait = Period < length - watch.Elapsed ? Period : length - watch.Elapsed;
            await Task.Delay(wait, cancellationToken);
            foreach (var silo in hub.SiloProcesses.Where(s => s.HasExited))
            {
                throw new InvalidOperationException($"{silo.Name} exited during the {phase}:\n{silo.Tail(30)}");
            }

            var now = MetricsSnapshot.Merge(await hub.ScrapeAsync(client, cancellationToken));
            var seconds = (watch.Elapsed - previousAt).TotalSeconds;
            double Rate(string name) => (now.Sum(name) - previous.Sum(name)) / seconds;
            var rss = hub.Processes.Sample().RssBytes;
            PeakHubRssBytes = Math.Max(PeakHubRssBytes, rss);
            Say(string.Create(CultureInfo.InvariantCulture,
                $"{phase} {watch.Elapsed.TotalSeconds,4:0}/{length.TotalSeconds:0} s: dispatched {Rate("uptime_checks_dispatched_total"),7:0.0}/s, " +
                $"received {Rate("uptime_ticks_received_total"),7:0.0}/s, stored {Rate("uptime_tick_writer_batch_size_sum"),7:0.0}/s " +
                $"(expected {expectedPerSecond:0.0}/s), writer queue {now.Sum("uptime_tick_writer_queue"):0}, hub RSS {Format.Bytes(rss)}"));
            previous = now;
            previousAt = watch.Elapsed;
        }
    }

    /// <summary>Waits until every silo's tick writer queue is empty (at most <paramref name="timeout"/>), then one more second.</summary>
    public async Task WaitForWriterAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var now = MetricsSnapshot.Merge(await hub.ScrapeAsync(client, cancellationToken));
            if (now.Sum("uptime_tick_writer_queue") == 0)
            {
                break;
            }

            await Task.Delay(250, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
    }
}
