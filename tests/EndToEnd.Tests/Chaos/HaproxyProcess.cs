using System.Globalization;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>
/// HAProxy in front of the silos, configured from the repository's <c>deploy/haproxy.cfg</c> (<see cref="HaproxyConfig"/>)
/// in a temporary folder of its own, run in the foreground (<c>-db</c>). Disposing it kills it.
/// </summary>
internal sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private HaproxyProcess(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Http = HubProcess.AdminClient(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(30));
    }

    public int Port { get; }

    /// <summary>A client for the REST API through the load balancer.</summary>
    public HttpClient Http { get; }

    /// <summary>The validators' hub URL through the load balancer.</summary>
    public string WebSocketUrl => string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}/");

    /// <summary>Starts HAProxy on a free port for <paramref name="siloPorts"/> (HTTP ports on 127.0.0.1); waits until it forwards <c>GET /healthz</c>.</summary>
    public static async Task<HaproxyProcess> StartAsync(IReadOnlyList<int> siloPorts)
    {
        if (!File.Exists(HaproxyConfig.Binary))
        {
            throw new XunitException($"HAProxy is not installed ({HaproxyConfig.Binary} does not exist): apt-get install haproxy (./uptime.sh test installs it)");
        }

        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var directory = Directory.CreateTempSubdirectory("uptime-haproxy-").FullName;
            var config = Path.Combine(directory, "haproxy.cfg");
            await File.WriteAllTextAsync(config, HaproxyConfig.Render(RepositoryLayout.Root, port, siloPorts));
            var process = ChildProcess.StartScript("haproxy", $"exec {HaproxyConfig.Binary} -db -f '{config}'", directory, new Dictionary<string, string?>());
            var haproxy = new HaproxyProcess(process, directory, port);
            if (await haproxy.WaitUntilForwardingAsync(TimeSpan.FromSeconds(20)))
            {
                return haproxy;
            }

            var diagnostics = haproxy.Describe();
            await haproxy.DisposeAsync();
            if (!diagnostics.Contains("cannot bind", StringComparison.OrdinalIgnoreCase) || attempt == Attempts)
            {
                throw new XunitException($"HAProxy did not forward GET /healthz on port {port} within 20 s{diagnostics}");
            }
        }
    }

    /// <summary>HAProxy's output (server state changes are printed there), for failure messages and reports.</summary>
    public string Describe() => _process.Describe(40);

    /// <summary>Lines HAProxy printed so far.</summary>
    public string Output => _process.Output;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Temporary files; not worth failing a test over.
        }
    }

    private Task<bool> WaitUntilForwardingAsync(TimeSpan timeout) =>
        BalancerReadiness.WaitUntilForwardingAsync(Http, () => _process.HasExited, timeout);
}
