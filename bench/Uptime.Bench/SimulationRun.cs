using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Uptime.Bench;

/// <summary>
/// <c>--simulated-validators N</c>: PostgreSQL and the silo(s), then N lightweight validators from this process that
/// register and heartbeat (and, with websites, answer every check with a synthetic tick); how many stay registered,
/// heartbeat acknowledgement latency, and the hub's cost per connection.
/// </summary>
internal static class SimulationRun
{
    public static async Task RunAsync(BenchOptions options, Report report, string runDirectory, CancellationToken cancellationToken)
    {
        var count = options.SimulatedValidators;
        Progress.Say("Starting PostgreSQL" + (options.PostgresDurable ? " (fsync and synchronous commit on)" : " (durability off)"));
        await using var database = await BenchDatabase.StartAsync(options.PostgresDurable, options.PostgresStatements, cancellationToken);
        Progress.Say($"Starting {options.Silos} hub silo(s)");
        await using var hub = await HubCluster.StartAsync(options.Silos, options.SignedTicks, runDirectory, database.ConnectionString, cancellationToken);
        using var client = Http.CreateClient(options.CreateConcurrency + 8);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var hubBefore = hub.Processes.Sample();

        await using var validators = new SimulatedValidators(hub.WebSocketUrl, TimeSpan.FromSeconds(options.HeartbeatIntervalSeconds));
        var connectWatch = System.Diagnostics.Stopwatch.StartNew();
        Progress.Say($"Connecting {count} simulated validators to {hub.WebSocketUrl}");
        await validators.ConnectAsync(count, cancellationToken);
        var connectSeconds = connectWatch.Elapsed.TotalSeconds;
        Progress.Say(string.Create(CultureInfo.InvariantCulture, $"{validators.Registered} of {count} registered in {connectSeconds:0.0} s"));

        if (options.Websites > 0)
        {
            Progress.Say($"Creating {options.Websites} websites (answered with synthetic ticks, no HTTP)");
            await Parallel.ForEachAsync(
                Enumerable.Range(0, options.Websites),
                new ParallelOptions { MaxDegreeOfParallelism = options.CreateConcurrency, CancellationToken = cancellationToken },
                async (n, token) =>
                {
                    using var response = await client.PostAsJsonAsync(
                        hub.HttpBase + "/api/websites",
                        new { url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:9/site/{n}"), interval = options.IntervalSeconds },
                        token);
                });
        }

        var progress = new Progress(hub, client, options.Websites > 0 ? options.ExpectedChecksPerSecond : 0);
        var warmup = options.WarmupSeconds >= 0 ? options.WarmupSeconds : Math.Max(options.HeartbeatIntervalSeconds, options.Websites > 0 ? 2 * options.IntervalSeconds : 0);
        await progress.WaitAsync("warm-up", TimeSpan.FromSeconds(warmup), cancellationToken);

        var silosBefore = hub.Processes.Sample();
        var metricsBefore = MetricsSnapshot.Merge(await hub.ScrapeAsync(client, cancellationToken));
        validators.ResetSamples();
        var heartbeatsBefore = validators.HeartbeatsSent;
        var ticksBefore = validators.TicksSent;
        var from = DateTime.UtcNow;
        await progress.WaitAsync("window", TimeSpan.FromSeconds(options.DurationSeconds), cancellationToken);
        var window = (DateTime.UtcNow - from).TotalSeconds;
        var silosAfter = hub.Processes.Sample();
        var metricsAfter = MetricsSnapshot.Merge(await hub.ScrapeAsync(client, cancellationToken));
        var connected = validators.Connected;
        var online = await OnlineValidatorsAsync(client, hub.HttpBase, cancellationToken);
        var (heartbeatAck, dispatchLag, dispatchSamples) = validators.Samples();

        report.Section("Simulated validators (one process, WebSocket each)");
        report.Add("simulated_validators", "validators started", count, count.ToString(CultureInfo.InvariantCulture));
        report.Add("registered", "registered (REGISTERED received)", validators.Registered,
            string.Create(CultureInfo.InvariantCulture, $"{validators.Registered} in {connectSeconds:0.0} s ({validators.ConnectFailures} failed)"),
            "= started", validators.Registered == count);
        report.Add("connected_at_end", "still connected at the end of the window", connected, connected.ToString(CultureInfo.InvariantCulture),
            "= started", connected == count);
        report.Add("hub_connected_validators", "hub: uptime_connected_validators (sum over silos)", metricsAfter.Sum("uptime_connected_validators"),
            Format.Number(metricsAfter.Sum("uptime_connected_validators"), "0"));
        report.Add("api_online", "GET /api/validators: online", online, online.ToString(CultureInfo.InvariantCulture));
        report.Add("heartbeats", "heartbeats sent in window / acknowledged", validators.HeartbeatsSent - heartbeatsBefore,
            string.Create(CultureInfo.InvariantCulture, $"{validators.HeartbeatsSent - heartbeatsBefore} / {validators.HeartbeatAcks} (period {options.HeartbeatIntervalSeconds} s)"));
        report.Add("heartbeat_ack_ms", "HEARTBEAT → HEARTBEAT_ACK (ms: p50 / p99 / max)", Format.PercentilesJson(heartbeatAck), Format.Ms(heartbeatAck));
        report.Add("errors_received", "ERROR messages received", validators.ErrorsReceived, validators.ErrorsReceived.ToString(CultureInfo.InvariantCulture));
        if (options.Websites > 0)
        {
            var ticks = validators.TicksSent - ticksBefore;
            report.Add("ticks_per_second", "synthetic ticks sent/s (expected)", Format.Round(ticks / window, 1),
                string.Create(CultureInfo.InvariantCulture, $"{ticks / window:0.0} ({options.ExpectedChecksPerSecond:0.0})"));
            report.Add("stored_per_second", "ticks stored/s (hub /metrics)",
                Format.Round((metricsAfter.Sum("uptime_tick_writer_batch_size_sum") - metricsBefore.Sum("uptime_tick_writer_batch_size_sum")) / window, 1),
                Format.Number((metricsAfter.Sum("uptime_tick_writer_batch_size_sum") - metricsBefore.Sum("uptime_tick_writer_batch_size_sum")) / window, "0.0"));
            report.Add("dispatch_lag_ms", $"dispatch lag: slot → CHECK_WEBSITE timestamp ({dispatchSamples} checks)",
                Format.PercentilesJson(dispatchLag), Format.Ms(dispatchLag), "p99 ≤ 1000", dispatchLag.P99 <= 1000);
        }

        report.Section("Hub cost of the connections");
        var cpu = silosAfter.CpuSeconds - silosBefore.CpuSeconds;
        report.Add("hub_cpu_cores", "hub CPU (cores busy in the window)", Format.Round(cpu / window, 3), Format.Number(cpu / window, "0.000"));
        var perConnection = (double)(silosAfter.RssBytes - hubBefore.RssBytes) / Math.Max(1, connected);
        report.Add("hub_rss", "hub RSS (before validators → end)", silosAfter.RssBytes,
            $"{Format.Bytes(hubBefore.RssBytes)} → {Format.Bytes(silosAfter.RssBytes)}");
        report.Add("hub_bytes_per_validator", "hub RSS per connected validator", Format.Round(perConnection, 0), Format.Bytes(perConnection));
        if (hub.SiloCount > 1)
        {
            for (var i = 0; i < hub.SiloCount; i++)
            {
                var siloCpu = silosAfter.CpuPerRoot[i] - silosBefore.CpuPerRoot[i];
                report.Add($"silo_{i + 1}_cpu_cores", $"silo {i + 1}: CPU cores", Format.Round(siloCpu / window, 3), Format.Number(siloCpu / window, "0.000"));
            }
        }

        report.Note("Each simulated validator is a ClientWebSocket in this process: REGISTER with a random key, then HEARTBEAT every "
            + $"{options.HeartbeatIntervalSeconds} s (first one at a random point of the period); the acknowledgement latency is measured "
            + "from send to HEARTBEAT_ACK on the same socket.");
        if (options.Websites > 0)
        {
            report.Note("Dispatch lag here is exact: the CHECK_WEBSITE frame's timestamp (the hub's clock when it wrote the frame) minus the "
                + "website's slot from the hub's DispatchSchedule.");
        }
    }

    private static async Task<int> OnlineValidatorsAsync(HttpClient client, string hubBase, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await Http.GetStringAsync(client, hubBase + "/api/validators", cancellationToken));
            return document.RootElement.EnumerateArray().Count(v => v.GetProperty("online").GetBoolean());
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }
}
