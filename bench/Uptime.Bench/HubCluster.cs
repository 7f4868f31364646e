using System.Globalization;
using Uptime.Security;
using Uptime.Testing;

namespace Uptime.Bench;

/// <summary>
/// One hub silo, or three behind HAProxy (the configuration rendered from <c>deploy/haproxy.cfg</c>, as
/// <c>./uptime.sh cluster</c> does), on free ports of 127.0.0.1, all on the benchmark's PostgreSQL.
/// </summary>
internal sealed class HubCluster : IAsyncDisposable
{
    private bool _signedTicks;

    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(180);

    private readonly List<(ChildProcess Process, int HttpPort)> _silos = [];
    private ChildProcess? _balancer;
    private int _balancerPort;

    private HubCluster()
    {
        Processes = new ProcessGroup("hub", () => [.. _silos.Select(s => s.Process.Id)], withChildren: false);
    }

    /// <summary>The silos' processes together; per-silo CPU is in <see cref="GroupSample.CpuPerRoot"/>.</summary>
    public ProcessGroup Processes { get; }

    /// <summary>The load balancer's processes, when there is one.</summary>
    public ProcessGroup? BalancerProcesses { get; private set; }

    public int SiloCount => _silos.Count;

    /// <summary>Where API clients and validators go: the load balancer, or the only silo.</summary>
    public string HttpBase => "http://127.0.0.1:" + EntryPort.ToString(CultureInfo.InvariantCulture);

    public string WebSocketUrl => "ws://127.0.0.1:" + EntryPort.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<string> SiloBases => [.. _silos.Select(s => "http://127.0.0.1:" + s.HttpPort.ToString(CultureInfo.InvariantCulture))];

    public IReadOnlyList<ChildProcess> SiloProcesses => [.. _silos.Select(s => s.Process)];

    private int EntryPort => _balancer is null ? _silos[0].HttpPort : _balancerPort;

    /// <summary>Starts the silos (and HAProxy for three); <paramref name="signedTicks"/> sets REQUIRE_SIGNED_TICKS on each.</summary>
    public static async Task<HubCluster> StartAsync(
        int silos, bool signedTicks, string runDirectory, string connectionString, CancellationToken cancellationToken)
    {
        var cluster = new HubCluster { _signedTicks = signedTicks };
        try
        {
            var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
            // The first silo applies the schema alone; the others join once it is ready.
            cluster.StartSilo(1, silos > 1, clusterId, runDirectory, connectionString);
            await cluster.WaitReadyAsync(0, cancellationToken);
            for (var i = 2; i <= silos; i++)
            {
                cluster.StartSilo(i, true, clusterId, runDirectory, connectionString);
            }

            for (var i = 1; i < silos; i++)
            {
                await cluster.WaitReadyAsync(i, cancellationToken);
            }

            if (silos > 1)
            {
                await cluster.StartBalancerAsync(runDirectory, cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Scrapes every silo's <c>/metrics</c>; a silo that does not answer contributes nothing.</summary>
    public async Task<IReadOnlyList<MetricsSnapshot>> ScrapeAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var scrapes = await Task.WhenAll(SiloBases.Select(async baseUrl =>
        {
            try
            {
                return MetricsSnapshot.Parse(await Http.GetStringAsync(client, baseUrl + "/metrics", cancellationToken));
            }
            catch (HttpRequestException)
            {
                return MetricsSnapshot.Empty;
            }
        }));
        return scrapes;
    }

    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        // Silos stop together (each drains its tick writer and leaves the cluster).
        await Task.WhenAll(_silos.Select(s => s.Process.StopAsync(TimeSpan.FromSeconds(30))));
        foreach (var (process, _) in _silos)
        {
            await process.DisposeAsync();
        }
    }

    private void StartSilo(int number, bool behindProxy, string clusterId, string runDirectory, string connectionString)
    {
        var port = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["HUB_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["HUB_LISTEN_IP"] = "127.0.0.1",
            ["HUB_SILO_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["HUB_GATEWAY_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["HUB_ADVERTISED_IP"] = "127.0.0.1",
            ["HUB_CLUSTER_ID"] = clusterId,
            ["HUB_STATS_INTERVAL_SECONDS"] = "10",
            ["DATABASE_URL"] = connectionString,
            // Production security settings, except: the target farm is on 127.0.0.1, and every client of the run
            // (agents, simulated validators, the website creator) comes from 127.0.0.1 too.
            ["HUB_ADMIN_KEY_HASHES"] = SecretHash.Sha256Hex(Http.AdminKey),
            ["ALLOW_PRIVATE_TARGETS"] = "true",
            ["HUB_API_WRITES_PER_MINUTE"] = "0",
            ["HUB_MAX_CONNECTIONS_PER_IP"] = "0",
            ["HUB_REGISTRATIONS_PER_IP_PER_MINUTE"] = "0",
            ["REQUIRE_SIGNED_TICKS"] = _signedTicks ? "true" : "false",
        };
        if (behindProxy)
        {
            environment["HUB_TRUSTED_PROXIES"] = "127.0.0.1";
        }

        var dll = Tools.HubDll;
        var process = ChildProcess.Start(
            "silo-" + number.ToString(CultureInfo.InvariantCulture), Tools.Dotnet, [dll], environment,
            Path.Combine(runDirectory, $"silo-{number}.log"), Path.GetDirectoryName(dll));
        _silos.Add((process, port));
    }

    private async Task WaitReadyAsync(int index, CancellationToken cancellationToken)
    {
        var (process, port) = _silos[index];
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var exited = WatchExitAsync(process, timeout.Token);
            var ready = Http.WaitForAsync(
                string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/readyz"), _readyTimeout, acceptAnyStatus: false, timeout.Token);
            var first = await Task.WhenAny(ready, exited);
            await timeout.CancelAsync();
            await first;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{process.Name} did not become ready: {e.Message}\n{process.Tail(30)}", e);
        }
    }

    private static async Task WatchExitAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited");
            }

            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StartBalancerAsync(string runDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(runDirectory, "balancer");
        Directory.CreateDirectory(directory);
        _balancerPort = FreePorts.Next();
        var config = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, HaproxyConfig.Render(Tools.RepositoryRoot, _balancerPort, [.. _silos.Select(silo => silo.HttpPort)]), cancellationToken);
        _balancer = ChildProcess.Start(
            "balancer", HaproxyConfig.Binary, ["-db", "-f", config],
            new Dictionary<string, string>(), Path.Combine(directory, "haproxy.out"));
        BalancerProcesses = new ProcessGroup("balancer (HAProxy)", () => [_balancer.Id], withChildren: true);
        await Http.WaitForAsync(HttpBase + "/readyz", TimeSpan.FromSeconds(30), acceptAnyStatus: false, cancellationToken);
    }
}
