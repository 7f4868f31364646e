using System.Globalization;
using System.Net.Http.Json;

namespace Uptime.Bench;

/// <summary>
/// The benchmark proper: target farm, optional raw baseline, PostgreSQL, silo(s), agents; websites created through the
/// API; warm-up; a measured window; then the measurements from the database, the hub's /metrics, /proc and the
/// agents' tick logs.
/// </summary>
internal static class LoadRun
{
    private const string DispatchLagMetric = "uptime_dispatch_lag_milliseconds";
    private const string WriterLagMetric = "uptime_tick_writer_lag_milliseconds";

    public static async Task RunAsync(BenchOptions options, Report report, string runDirectory, CancellationToken cancellationToken)
    {
        var self = new ProcessGroup("bench (this process)", () => [Environment.ProcessId], withChildren: false);
        await using var farm = await TargetFarm.StartAsync(options, runDirectory, pinToCpu: null, cancellationToken);
        Progress.Say($"Target farm: nginx on 127.0.0.1:{farm.Port} ({options.ErrorShare:P1} answer 500, {options.SlowShare:P1} slow by {options.SlowMs} ms, "
            + $"{options.StormWebsites} storm websites)");

        RawLoad.Result? raw = null;
        if (options.RawSeconds > 0)
        {
            raw = await RunRawAsync(options, farm, self, report, runDirectory, cancellationToken);
        }

        if (options.Websites == 0)
        {
            return;
        }

        Progress.Say("Starting PostgreSQL" + (options.PostgresDurable ? " (fsync and synchronous commit on)" : " (durability off)"));
        await using var database = await BenchDatabase.StartAsync(options.PostgresDurable, options.PostgresStatements, cancellationToken);
        Progress.Say($"Starting {options.Silos} hub silo(s)");
        await using var hub = await HubCluster.StartAsync(options.Silos, options.SignedTicks, runDirectory, database.ConnectionString, cancellationToken);
        using var client = Http.CreateClient(options.CreateConcurrency + 8);
        Progress.Say($"Hub at {hub.HttpBase}; starting {options.Validators} agent(s) (AGENT_MAX_CONCURRENT_CHECKS={options.EffectiveAgentConcurrency})");
        await using var agents = AgentFleet.Start(options.Validators, hub.WebSocketUrl, options.EffectiveAgentConcurrency, farm.Certificates?.AuthorityPem, runDirectory);
        await agents.WaitRegisteredAsync(client, hub.HttpBase, TimeSpan.FromSeconds(90), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var hubBefore = hub.Processes.Sample();
        var heapBefore = GcHeap(MetricsSnapshot.Merge(await hub.ScrapeAsync(client, cancellationToken)));
        await using var storm = options.StormWebsites > 0 ? await NotificationStorm.StartAsync(client, hub.HttpBase, cancellationToken) : null;

        var creation = await CreateWebsitesAsync(options, farm, client, hub.HttpBase, cancellationToken);
        var progress = new Progress(hub, client, options.ExpectedChecksPerSecond);
        await progress.WaitAsync("warm-up", TimeSpan.FromSeconds(options.EffectiveWarmupSeconds), cancellationToken);

        var groups = new List<ProcessGroup> { hub.Processes, agents.Processes, database.Processes, farm.Processes, self };
        if (hub.BalancerProcesses is { } balancer)
        {
            groups.Add(balancer);
        }

        var cpuBefore = groups.Select(g => g.Sample()).ToArray();
        var tlsBefore = farm.CountTlsRequests();
        var rolesBefore = database.SampleRoles();
        await database.ResetStatementsAsync(cancellationToken);
        var metricsBefore = await hub.ScrapeAsync(client, cancellationToken);
        var from = DateTime.UtcNow;
        var probe = new ApiProbe(hub.HttpBase, options.Websites);
        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probing = probe.RunAsync(stopProbe.Token);
        var flipping = storm?.FlipAfterAsync(TimeSpan.FromSeconds(options.DurationSeconds / 3.0), farm, options.StormWebsites, cancellationToken);
        await progress.WaitAsync("window", TimeSpan.FromSeconds(options.DurationSeconds), cancellationToken);
        var to = DateTime.UtcNow;
        var cpuAfter = groups.Select(g => g.Sample()).ToArray();
        var tlsAfter = farm.CountTlsRequests();
        var rolesAfter = database.SampleRoles();
        var statements = await database.TopStatementsAsync(8, cancellationToken);
        var metricsAfter = await hub.ScrapeAsync(client, cancellationToken);
        var heapAfter = GcHeap(MetricsSnapshot.Merge(metricsAfter));
        await stopProbe.CancelAsync();
        await probing;
        if (flipping is not null)
        {
            await flipping;
        }

        Progress.Say("Window over; waiting for the tick writer, then measuring");
        await progress.WaitForWriterAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var window = (to - from).TotalSeconds;
        var (stored, bad, confirmations) = await database.CountWindowAsync(from, to, cancellationToken);
        var (toReceived, toCommitted) = await database.StoreLagAsync(from, to, cancellationToken);
        var dueToStart = await database.DueToStartAsync(from, to, cancellationToken);
        var duplicates = await database.DuplicatesAsync(from, to, cancellationToken);
        var stormFacts = storm is null ? null : await StormFactsAsync(storm, options, database, from, to, cancellationToken);

        Progress.Say("Stopping the agents (each waits for its last acknowledgements)");
        await agents.StopAsync();
        await progress.WaitForWriterAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var tickLogsPresent = agents.TickLogs.Any(p => File.Exists(p) && new FileInfo(p).Length > 0);
        var lost = tickLogsPresent
            ? await database.LostTicksAsync(TickLogs.Read(agents.TickLogs), from, to, cancellationToken)
            : ((long ProducedInWindow, long LostInWindow, long ProducedAll, long LostAll)?)null;
        var finalCounts = agents.FinalCounts();
        var storage = await database.TickStorageAsync(cancellationToken);
        var incidents = await database.IncidentsAsync(cancellationToken);
        if (!options.KeepTickLogs)
        {
            agents.DeleteTickLogs();
        }

        var before = MetricsSnapshot.Merge(metricsBefore);
        var after = MetricsSnapshot.Merge(metricsAfter);
        double Delta(string name) => after.Sum(name) - before.Sum(name);

        // ---- the table ----
        var expected = options.ExpectedChecksPerSecond;
        var achieved = (stored - confirmations) / window;
        report.Section("Throughput (steady window)");
        report.Add("websites", WebsitesLabel(options), creation.Created,
            string.Create(CultureInfo.InvariantCulture, $"{creation.Created} in {creation.Seconds:0.0} s ({creation.Created / creation.Seconds:0}/s)"));
        if (creation.Failed > 0)
        {
            report.Note($"{creation.Failed} website creations failed (see the silo logs).");
        }

        report.Add("window_seconds", "window", Format.Round(window, 1), Format.Number(window, "0.0") + " s");
        report.Add("expected_checks_per_second", "expected checks/s (websites × validators / interval)", Format.Round(expected, 2), Format.Number(expected, "0.0"));
        report.Add("achieved_checks_per_second", "achieved checks/s (slot ticks stored, by arrival time)", Format.Round(achieved, 2), Format.Number(achieved, "0.0"));
        if (options.Https)
        {
            var requests = tlsAfter.Requests - tlsBefore.Requests;
            var resumed = tlsAfter.Resumed - tlsBefore.Resumed;
            var warm = tlsAfter.Warm - tlsBefore.Warm;
            report.Add("https_requests", "HTTPS requests at the farm / resumed by nginx / over a connection already used (window, log flushed each second)",
                new Dictionary<string, object?> { ["requests"] = requests, ["resumed"] = resumed, ["warm"] = warm },
                string.Create(CultureInfo.InvariantCulture,
                    $"{requests} / {resumed} ({(requests > 0 ? (double)resumed / requests : 0):P1}) / {warm} ({(requests > 0 ? (double)warm / requests : 0):P1})"));
        }

        report.Add("achieved_ratio", "achieved / expected", Format.Round(achieved / expected, 4), Format.Number(achieved / expected, "0.000"), "≥ 0.99", achieved / expected >= 0.99);
        report.Add("dispatched_per_second", "checks dispatched/s (hub /metrics)", Format.Round(Delta("uptime_checks_dispatched_total") / window, 2),
            Format.Number(Delta("uptime_checks_dispatched_total") / window, "0.0"));
        report.Add("received_per_second", "ticks received/s (hub /metrics)", Format.Round(Delta("uptime_ticks_received_total") / window, 2),
            Format.Number(Delta("uptime_ticks_received_total") / window, "0.0"));
        report.Add("bad_share", "stored ticks that are Bad (farm 500s, time-outs)", Format.Round(stored == 0 ? null : (double)bad / stored, 4),
            Format.Number(stored == 0 ? null : 100.0 * bad / stored, "0.0") + " %");
        if (raw is not null)
        {
            report.Add("ours_over_raw", "our checks/s ÷ raw fresh-connection req/s", Format.Round(achieved / raw.RequestsPerSecond, 4),
                Format.Number(achieved / raw.RequestsPerSecond, "0.000"), "≥ 0.5", achieved / raw.RequestsPerSecond >= 0.5);
            report.Add("expected_over_raw", "expected checks/s ÷ raw req/s (the load asked for)", Format.Round(expected / raw.RequestsPerSecond, 4),
                Format.Number(expected / raw.RequestsPerSecond, "0.000"));
        }

        report.Section("Latency (ms: p50 / p99 / max)");
        var dispatchMetric = after.Has(DispatchLagMetric + "_bucket");
        if (dispatchMetric)
        {
            var lag = after.Histogram(DispatchLagMetric).Minus(before.Histogram(DispatchLagMetric));
            var p = new Percentiles(lag.Quantile(0.5), lag.Quantile(0.99), null);
            report.Add("dispatch_lag_ms", "dispatch lag: due → CHECK_WEBSITE sent (hub /metrics)", Format.PercentilesJson(p),
                $"{Format.Number(p.P50, "0")} / {Format.Number(p.P99, "0")}", "p99 ≤ 1000", p.P99 <= 1000);
        }
        else
        {
            report.Add("dispatch_lag_ms", "dispatch lag: due → CHECK_WEBSITE sent", null,
                "n/a (needs hub metric uptime_dispatch_lag)", "p99 ≤ 1000", null);
        }

        report.Add("due_to_check_start_ms", "due → check started at agent (SQL; upper bound)", Format.PercentilesJson(dueToStart), Format.Ms(dueToStart),
            dispatchMetric ? null : "p99 ≤ 1000", dispatchMetric ? null : dueToStart.P99 <= 1000);
        report.Add("store_lag_ms", "store lag: check finished → row committed (SQL)", Format.PercentilesJson(toCommitted), Format.Ms(toCommitted),
            "p99 ≤ 2000", toCommitted.P99 <= 2000);
        report.Add("finished_to_received_ms", "  of which check finished → received at hub (SQL)", Format.PercentilesJson(toReceived), Format.Ms(toReceived));
        var writerLag = after.Histogram(WriterLagMetric).Minus(before.Histogram(WriterLagMetric));
        var writer = new Percentiles(writerLag.Quantile(0.5), writerLag.Quantile(0.99), null);
        report.Add("received_to_committed_ms", "  of which received → committed (hub /metrics)", Format.PercentilesJson(writer),
            $"{Format.Number(writer.P50, "0")} / {Format.Number(writer.P99, "0")}");

        report.Section("Correctness");
        if (lost is { } l)
        {
            report.Add("lost_ticks", "lost: produced in window (tick logs) but not stored", l.LostInWindow,
                string.Create(CultureInfo.InvariantCulture, $"{l.LostInWindow} of {l.ProducedInWindow}"), "0", l.LostInWindow == 0);
            report.Add("lost_ticks_whole_run", "lost over the whole run (until the agents stopped)", l.LostAll,
                string.Create(CultureInfo.InvariantCulture, $"{l.LostAll} of {l.ProducedAll}"));
        }
        else
        {
            var received = Delta("uptime_ticks_received_total");
            var missing = Math.Max(0, received - stored);
            report.Add("lost_ticks", "lost: received (hub /metrics) − stored, window", missing,
                string.Create(CultureInfo.InvariantCulture, $"{missing:0} of {received:0}"), "0", missing == 0);
            report.Note("The agents wrote no tick log (AGENT_TICK_LOG unsupported by this build?): lost ticks are estimated as ticks "
                + "the hub counted as received minus ticks stored, which misses ticks lost before the hub.");
        }

        if (finalCounts is { } counts)
        {
            report.Add("agent_final_counts", "agents at stop: produced / acked / pending / dropped",
                new Dictionary<string, long>
                {
                    ["produced"] = counts.Produced,
                    ["acknowledged"] = counts.Acknowledged,
                    ["pending"] = counts.Pending,
                    ["dropped"] = counts.Dropped,
                    ["resent"] = counts.Resent,
                },
                string.Create(CultureInfo.InvariantCulture, $"{counts.Produced} / {counts.Acknowledged} / {counts.Pending} / {counts.Dropped}"));
        }

        report.Add("duplicates", "duplicates: same validator+website < interval/2 apart", duplicates,
            duplicates.ToString(CultureInfo.InvariantCulture), "0", duplicates == 0);

        report.Section("Verdicts (whole run, storm websites apart; failing share fails throughout)");
        report.Add("confirmation_checks_per_second", "confirmation checks/s (ticks stored, window)", Format.Round(confirmations / window, 2),
            Format.Number(confirmations / window, "0.00"));
        report.Add("incidents_opened", "incidents opened / failing websites (all ticks Bad)", incidents.Opened,
            string.Create(CultureInfo.InvariantCulture, $"{incidents.Opened} / {incidents.Failing}"));
        report.Add("incidents_missed", "failing websites without an incident", incidents.Missed,
            incidents.Missed.ToString(CultureInfo.InvariantCulture), "0", incidents.Missed == 0);
        report.Add("false_incidents", "false incidents (a website that never failed)", incidents.False,
            incidents.False.ToString(CultureInfo.InvariantCulture), "0", incidents.False == 0);
        report.Add("detection_ms", "detection: website created (outage start) → incident opened", Format.PercentilesJson(incidents.Detection),
            Format.Ms(incidents.Detection), $"p99 ≤ {options.IntervalSeconds + 10} s", incidents.Detection.P99 <= (options.IntervalSeconds + 10) * 1000.0);

        if (storm is not null && stormFacts is not null)
        {
            storm.Report(report, stormFacts, to);
        }

        report.Section("Cost: CPU s per 1,000 stored checks, cores busy, memory");
        var perThousand = stored / 1000.0;
        double totalCpu = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            var cpu = cpuAfter[i].CpuSeconds - cpuBefore[i].CpuSeconds;
            var key = groups[i].Name.Split(' ')[0];
            if (i < 3)
            {
                totalCpu += cpu;
            }

            var memory = groups[i] == database.Processes ? $"PSS {Format.Bytes(cpuAfter[i].PssBytes)}" : $"RSS {Format.Bytes(cpuAfter[i].RssBytes)}";
            report.Add("cpu_" + key, groups[i].Name,
                new Dictionary<string, object?>
                {
                    ["cpu_seconds"] = Format.Round(cpu, 2),
                    ["cpu_seconds_per_1000_checks"] = Format.Round(cpu / perThousand, 4),
                    ["cores"] = Format.Round(cpu / window, 3),
                    ["rss_bytes"] = cpuAfter[i].RssBytes,
                    ["pss_bytes"] = cpuAfter[i].PssBytes,
                    ["processes"] = cpuAfter[i].Processes,
                },
                $"{Format.Number(cpu / perThousand, "0.000")} s, {Format.Number(cpu / window, "0.00")} cores, {memory}");
        }

        var roles = BenchDatabase.RoleCpu(rolesBefore, rolesAfter);
        var postgresCpu = cpuAfter[2].CpuSeconds - cpuBefore[2].CpuSeconds;
        var ended = postgresCpu - roles.Values.Sum();
        if (ended > 0.005)
        {
            roles["ended processes"] = ended;
        }

        report.Add("postgres_cpu_by_role", "  postgres CPU s by process role", roles.ToDictionary(r => r.Key, r => Format.Round(r.Value, 2)),
            string.Join(", ", roles.OrderByDescending(r => r.Value).Where(r => r.Value >= 0.005).Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:0.00}"))));
        var allocated = Delta("dotnet_gc_heap_total_allocated_bytes_total");
        report.Add("hub_allocated_bytes_per_check", "  hub: bytes allocated per check (GC)", Format.Round(allocated / Math.Max(1, stored), 0),
            Format.Bytes(allocated / Math.Max(1, stored)));
        report.Add("hub_gc", "  hub: GC collections / pause in the window",
            new Dictionary<string, object?>
            {
                ["collections"] = Delta("dotnet_gc_collections_total"),
                ["pause_seconds"] = Format.Round(Delta("dotnet_gc_pause_time_seconds_total"), 3),
                ["lock_contentions"] = Delta("dotnet_monitor_lock_contentions_total"),
            },
            string.Create(CultureInfo.InvariantCulture,
                $"{Delta("dotnet_gc_collections_total"):0} / {Delta("dotnet_gc_pause_time_seconds_total"):0.00} s, lock contentions {Delta("dotnet_monitor_lock_contentions_total"):0}"));
        var batches = Delta("uptime_tick_writer_batch_size_count");
        report.Add("tick_writer_batches", "  hub tick writer: batches/s, rows per batch", new Dictionary<string, object?>
        {
            ["batches_per_second"] = Format.Round(batches / window, 2),
            ["rows_per_batch"] = Format.Round(batches > 0 ? Delta("uptime_tick_writer_batch_size_sum") / batches : null, 1),
        },
            $"{Format.Number(batches / window, "0.0")}/s, {Format.Number(batches > 0 ? Delta("uptime_tick_writer_batch_size_sum") / batches : null, "0.0")} rows");
        report.Add("cpu_per_1000_checks", "hub + agents + PostgreSQL: CPU s / 1,000 checks", Format.Round(totalCpu / perThousand, 4),
            Format.Number(totalCpu / perThousand, "0.000"), "≤ 0.3", totalCpu / perThousand <= 0.3);
        var agentRss = cpuAfter[1].RssBytes / (double)Math.Max(1, options.Validators);
        report.Add("agent_rss_bytes", "agent RSS (each, average)", agentRss, Format.Bytes(agentRss));
        var perWebsite = (double)(cpuAfter[0].RssBytes - hubBefore.RssBytes) / options.Websites;
        report.Add("hub_bytes_per_website", "hub RSS per website: (end − before) / websites", Format.Round(perWebsite, 0),
            Format.Bytes(perWebsite) + $" (peak RSS {Format.Bytes(Math.Max(progress.PeakHubRssBytes, cpuAfter[0].RssBytes))})", "≤ 10 KiB", perWebsite <= 10 * 1024);
        var heapPerWebsite = (heapAfter - heapBefore) / options.Websites;
        report.Add("hub_gc_heap_bytes_per_website", "  GC heap per website (/metrics, last GC)", Format.Round(heapPerWebsite, 0), Format.Bytes(heapPerWebsite));
        var bytesPerTick = storage.Rows == 0 ? (double?)null : (double)storage.Bytes / storage.Rows;
        report.Add("postgres_bytes_per_tick", "PostgreSQL bytes per tick (website_ticks + indexes)", Format.Round(bytesPerTick, 1),
            $"{Format.Bytes(bytesPerTick)} ({storage.Rows} rows, database {Format.Bytes(storage.DatabaseBytes)})");

        if (statements.Count > 0)
        {
            report.Section("PostgreSQL statements by time in the window (pg_stat_statements)");
            var index = 0;
            foreach (var (query, calls, totalMs, rows) in statements)
            {
                var shown = query.Length > 56 ? query[..55] + "…" : query;
                report.Add($"statement_{++index}", shown,
                    new Dictionary<string, object?> { ["query"] = query, ["calls"] = calls, ["total_ms"] = Format.Round(totalMs, 1), ["rows"] = rows },
                    string.Create(CultureInfo.InvariantCulture, $"{totalMs / 1000:0.00} s, {calls} calls, {rows} rows"));
            }
        }

        report.Section("API during the window (ms: p50 / p99 / max)");
        report.Add("api_websites_page_ms", $"GET /api/websites?limit=100&offset=k ({probe.WebsitesPageSamples} samples)",
            Format.PercentilesJson(probe.WebsitesPage), Format.Ms(probe.WebsitesPage), "p99 ≤ 500", probe.WebsitesPage.P99 <= 500);
        report.Add("dashboard_load_ms", $"dashboard load: GET / + GET /api/dashboard ({probe.DashboardSamples} samples)",
            Format.PercentilesJson(probe.DashboardLoad), Format.Ms(probe.DashboardLoad), "p99 ≤ 500", probe.DashboardLoad.P99 <= 500);
        report.Add("api_errors", "API requests failed (non-2xx or > 30 s)", probe.Errors, probe.Errors.ToString(CultureInfo.InvariantCulture), "0", probe.Errors == 0);

        if (hub.SiloCount > 1)
        {
            ReportSilos(report, hub, metricsBefore, metricsAfter, cpuBefore[0], cpuAfter[0], window);
        }

        if (!dispatchMetric)
        {
            report.Note("Dispatch lag (due → CHECK_WEBSITE sent) needs a hub histogram uptime_dispatch_lag (ms) recorded where a check "
                + "is written to a validator socket; until then the table shows due → check started at the agent, computed per stored row "
                + "as (timestamp − latency) − the website's DispatchSchedule slot, which also holds socket transit and agent queueing.");
        }

        report.Note("Store lag is per stored row of the window: PostgreSQL's commit timestamp of the row (track_commit_timestamp = on) "
            + "minus the agent's check-finished timestamp. Achieved checks/s counts rows by created_at (arrival at the hub).");
        report.Note($"PostgreSQL: {(database.Durable ? "fsync and synchronous_commit on (as in production)" : "fsync and synchronous_commit off")}; "
            + "CPU of PostgreSQL sums the postmaster and all its processes; its memory is PSS (shared buffers counted once).");
    }

    private static async Task<RawLoad.Result> RunRawAsync(
        BenchOptions options, TargetFarm farm, ProcessGroup self, Report report, string runDirectory, CancellationToken cancellationToken)
    {
        var urls = Math.Max(options.Websites, 1000);
        Progress.Say($"Raw fresh-connection load against the farm for {options.RawSeconds} s ({options.RawTool})");
        var farmBefore = farm.Processes.Sample();
        var selfBefore = self.Sample();
        var raw = await RawLoad.RunAsync(
            options.RawTool, farm, urls, options.RawConcurrency, TimeSpan.FromSeconds(options.RawSeconds), runDirectory, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var farmCpu = farm.Processes.Sample().CpuSeconds - farmBefore.CpuSeconds;
        var selfCpu = self.Sample().CpuSeconds - selfBefore.CpuSeconds;
        Progress.Say(string.Create(CultureInfo.InvariantCulture, $"Raw: {raw.RequestsPerSecond:0} requests/s ({raw.Tool})"));
        report.Section("Raw fresh-connection baseline (same farm, same run)");
        report.Add("raw_tool", "generator", raw.Tool, $"{raw.Tool}, {raw.Detail}");
        report.Add("raw_requests_per_second", "raw requests/s, a new connection each", Format.Round(raw.RequestsPerSecond, 1),
            string.Create(CultureInfo.InvariantCulture, $"{raw.RequestsPerSecond:0.0} ({raw.Requests} in {raw.Seconds:0.0} s)"));
        report.Add("raw_failures", "raw requests failed", raw.Failures, raw.Failures.ToString(CultureInfo.InvariantCulture));
        var thousands = Math.Max(1, raw.Requests) / 1000.0;
        report.Add("raw_farm_cpu_per_1000", "farm (nginx) CPU s / 1,000 requests", Format.Round(farmCpu / thousands, 4), Format.Number(farmCpu / thousands, "0.000"));
        if (raw.Tool.StartsWith("built-in", StringComparison.Ordinal))
        {
            report.Add("raw_generator_cpu_per_1000", "generator CPU s / 1,000 requests (this process)", Format.Round(selfCpu / thousands, 4),
                Format.Number(selfCpu / thousands, "0.000"));
        }

        return raw;
    }

    private static void ReportSilos(
        Report report, HubCluster hub, IReadOnlyList<MetricsSnapshot> before, IReadOnlyList<MetricsSnapshot> after,
        GroupSample cpuBefore, GroupSample cpuAfter, double window)
    {
        report.Section("Scale-out per silo: CPU s (share), website grains, validators, dispatched/s, received/s");
        var totalCpu = cpuAfter.CpuSeconds - cpuBefore.CpuSeconds;
        for (var i = 0; i < hub.SiloCount; i++)
        {
            var cpu = cpuAfter.CpuPerRoot[i] - cpuBefore.CpuPerRoot[i];
            double Delta(string name) => after[i].Sum(name) - before[i].Sum(name);
            var received = Delta("uptime_ticks_received_total");
            var dispatched = Delta("uptime_checks_dispatched_total");
            var grains = after[i].Sum("uptime_active_website_grains");
            var validators = after[i].Sum("uptime_connected_validators");
            report.Add($"silo_{i + 1}", $"silo {i + 1}",
                new Dictionary<string, object?>
                {
                    ["cpu_seconds"] = Format.Round(cpu, 2),
                    ["cpu_share"] = Format.Round(totalCpu > 0 ? cpu / totalCpu : null, 3),
                    ["website_grains"] = grains,
                    ["connected_validators"] = validators,
                    ["dispatched_per_second"] = Format.Round(dispatched / window, 1),
                    ["received_per_second"] = Format.Round(received / window, 1),
                },
                string.Create(CultureInfo.InvariantCulture,
                    $"{cpu:0.0} s ({(totalCpu > 0 ? cpu / totalCpu : 0):P0}), {grains:0}, {validators:0}, {dispatched / window:0}, {received / window:0}"));
        }
    }

    /// <summary>
    /// The checks' rate before and after the flip (within the window), then, once the notifications had their time, each
    /// storm website's incident. Runs while the agents still check, so a storm website detected late still gets its incident.
    /// </summary>
    private static async Task<StormFacts> StormFactsAsync(
        NotificationStorm storm, BenchOptions options, BenchDatabase database, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var flipped = storm.FlippedAt!.Value;
        async Task<double> RatioAsync(DateTime start, DateTime end)
        {
            var (stored, _, confirmations) = await database.CountWindowAsync(start, end, cancellationToken);
            return (stored - confirmations) / (end - start).TotalSeconds / options.ExpectedChecksPerSecond;
        }

        var before = await RatioAsync(from, flipped);
        var after = await RatioAsync(flipped, to);
        var websites = await database.StormIncidentsAsync(flipped, cancellationToken);
        await storm.WaitForOpenedAsync(websites.Keys.ToHashSet(), TimeSpan.FromSeconds((2 * options.IntervalSeconds) + 120), cancellationToken);
        return new StormFacts(await database.StormIncidentsAsync(flipped, cancellationToken), before, after);
    }

    private static string WebsitesLabel(BenchOptions options) =>
        "websites created" + (options.Keyword is null ? "" : $", each asserting its body contains \"{options.Keyword}\"")
        + (options.Warm ? ", each over a warm connection" : "") + (options.Keyword is null && !options.Warm ? " (via POST /api/websites)" : "");

    /// <summary>
    /// The POST body of one website: with <c>--keyword</c>, a check that reads the body and asserts the keyword; with
    /// <c>--warm</c>, a check over a warm connection.
    /// </summary>
    private static object WebsiteBody(string url, BenchOptions options)
    {
        if (options.Keyword is null && !options.Warm)
        {
            return new { url, interval = options.IntervalSeconds };
        }

        var check = new Dictionary<string, object>();
        if (options.Keyword is { } keyword)
        {
            check["assertions"] = new[] { new { source = "body", @operator = "contains", value = keyword } };
        }

        if (options.Warm)
        {
            check["connection"] = "warm";
        }

        return new { url, interval = options.IntervalSeconds, check };
    }

    private static double GcHeap(MetricsSnapshot metrics) => metrics.Sum("dotnet_gc_last_collection_heap_size_bytes");

    private static async Task<(int Created, int Failed, double Seconds)> CreateWebsitesAsync(
        BenchOptions options, TargetFarm farm, HttpClient client, string hubBase, CancellationToken cancellationToken)
    {
        Progress.Say($"Creating {options.Websites} websites (interval {options.IntervalSeconds} s, {options.CreateConcurrency} at a time)");
        var created = 0;
        var failed = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Websites),
            new ParallelOptions { MaxDegreeOfParallelism = options.CreateConcurrency, CancellationToken = cancellationToken },
            async (n, token) =>
            {
                for (var attempt = 1; attempt <= 3; attempt++)
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync(
                            hubBase + "/api/websites",
                            WebsiteBody(n < options.StormWebsites ? farm.StormUrl(n) : farm.SiteUrl(n), options),
                            token);
                        if (response.IsSuccessStatusCode)
                        {
                            if (Interlocked.Increment(ref created) % 10_000 == 0)
                            {
                                Progress.Say($"  {created} created");
                            }

                            return;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }

                    await Task.Delay(500 * attempt, token);
                }

                Interlocked.Increment(ref failed);
            });
        var seconds = watch.Elapsed.TotalSeconds;
        Progress.Say(string.Create(CultureInfo.InvariantCulture, $"Created {created} websites in {seconds:0.0} s"));
        return (created, failed, seconds);
    }
}
