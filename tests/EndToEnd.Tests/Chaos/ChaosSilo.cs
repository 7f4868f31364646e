using System.Diagnostics;
using System.Globalization;
using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>
/// One hub silo of a chaos cluster on fixed ports (HTTP, silo, gateway), so it can be killed, stopped with SIGTERM
/// and started again as the same member. (<see cref="HubProcess"/> picks new ports at every start.)
/// </summary>
internal sealed class ChaosSilo : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string?> _environment;
    private readonly List<ChildProcess> _processes = [];

    private ChaosSilo(string name, Dictionary<string, string?> environment, int httpPort)
    {
        Name = name;
        _environment = environment;
        HttpPort = httpPort;
        Http = HubProcess.AdminClient(new Uri($"http://127.0.0.1:{httpPort}/"), TimeSpan.FromSeconds(10));
    }

    /// <summary>A label such as <c>silo 1</c>; the test's roles (A, B, C) are added once chosen.</summary>
    public string Name { get; set; }

    public int HttpPort { get; }

    public HttpClient Http { get; }

    /// <summary>The current (or last) process of this silo.</summary>
    public ChildProcess Process => _processes.Count > 0 ? _processes[^1] : throw new InvalidOperationException($"{Name} was never started");

    /// <summary>How many times a process was started for this silo.</summary>
    public int Starts => _processes.Count;

    public string Diagnostics => string.Concat(_processes.Select(p => p.Describe(80)));

    /// <summary>A silo of the cluster <paramref name="clusterId"/> on free ports of 127.0.0.1.</summary>
    public static ChaosSilo Create(string name, string databaseUrl, string clusterId, IReadOnlyDictionary<string, string?> settings)
    {
        var httpPort = FreePort.Next();
        var environment = new Dictionary<string, string?>(HubProcess.AccessSettings)
        {
            ["DATABASE_URL"] = databaseUrl,
            ["HUB_CLUSTER_ID"] = clusterId,
            ["HUB_LISTEN_IP"] = "127.0.0.1",
            ["HUB_ADVERTISED_IP"] = "127.0.0.1",
            ["HUB_PORT"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["HUB_SILO_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["HUB_GATEWAY_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return new ChaosSilo(name, environment, httpPort);
    }

    /// <summary>
    /// Starts a process for this silo (again, after a stop, on the same ports) and waits until <c>/readyz</c> answers
    /// 200: PostgreSQL reachable and the silo active in the cluster. Returns how long that took.
    /// </summary>
    public async Task<TimeSpan> StartAsync()
    {
        const int Attempts = 3;
        var stopwatch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var process = ChildProcess.Start(Name, RepositoryLayout.HubDll, _environment);
            _processes.Add(process);
            if (await WaitUntilReadyAsync(process))
            {
                return stopwatch.Elapsed;
            }

            var diagnostics = process.Describe(80);
            await process.KillAsync();

            // A port of the previous process may linger for a moment after it exited.
            if (!diagnostics.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || attempt == Attempts)
            {
                throw new XunitException($"{Name} did not answer GET /readyz with 200 within {StartTimeout.TotalSeconds:0} s{diagnostics}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Registered validator connections of this silo, from its <c>uptime_connected_validators</c> gauge; null when it does not answer.</summary>
    public async Task<int?> ConnectedValidatorsAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var metrics = await Http.GetStringAsync("metrics", timeout.Token);
            var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("uptime_connected_validators{", StringComparison.Ordinal));
            return line is null ? 0 : (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The status code of <c>GET <paramref name="path"/></c> on this silo directly, or null when it does not answer.</summary>
    public async Task<HttpStatusCode?> StatusOfAsync(string path)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await Http.GetAsync(path, timeout.Token);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    private async Task<bool> WaitUntilReadyAsync(ChildProcess process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (await StatusOfAsync("readyz") == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(Eventually.Period);
        }

        return false;
    }
}
