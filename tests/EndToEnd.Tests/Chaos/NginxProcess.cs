using System.Globalization;
using System.Text;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>
/// nginx in front of the silos, configured from the repository's <c>deploy/nginx.conf</c> template with its placeholders
/// (<c>__RUN__</c>, <c>__LISTEN__</c>, <c>__UPSTREAMS__</c>) filled in, in a temporary folder of its own, run in the
/// foreground (<c>-g "daemon off;"</c>). Disposing it kills it and its workers.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly ChildProcess _process;
    private readonly string _directory;

    private NginxProcess(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Http = HubProcess.AdminClient(new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromSeconds(30));
    }

    public int Port { get; }

    /// <summary>A client for the REST API through nginx.</summary>
    public HttpClient Http { get; }

    /// <summary>The validators' hub URL through nginx.</summary>
    public string WebSocketUrl => string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}/");

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Renders the configuration for <paramref name="upstreamPorts"/> (silos' HTTP ports on 127.0.0.1) and a free
    /// listen port, starts nginx and waits until it forwards <c>GET /healthz</c> to a silo.
    /// </summary>
    public static async Task<NginxProcess> StartAsync(IReadOnlyList<int> upstreamPorts)
    {
        if (!File.Exists(Binary))
        {
            throw new XunitException($"nginx is not installed ({Binary} does not exist): apt-get install nginx (./uptime.sh test installs it)");
        }

        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var directory = Render(upstreamPorts, port);
            var nginx = Launch(directory, port);
            if (await nginx.WaitUntilForwardingAsync(TimeSpan.FromSeconds(20)))
            {
                return nginx;
            }

            var diagnostics = nginx.Describe();
            await nginx.DisposeAsync();
            if (!diagnostics.Contains("Address already in use", StringComparison.OrdinalIgnoreCase) || attempt == Attempts)
            {
                throw new XunitException($"nginx did not forward GET /healthz on port {port} within 20 s{diagnostics}");
            }
        }
    }

    /// <summary>nginx's output and error log, for failure messages.</summary>
    public string Describe()
    {
        var errorLog = Path.Combine(_directory, "nginx-error.log");
        var log = File.Exists(errorLog) ? string.Join('\n', File.ReadLines(errorLog).TakeLast(40)) : "(no error log)";
        return $"{_process.Describe(40)}\n--- nginx-error.log (port {Port}) ---\n{log}\n--- end of nginx-error.log ---";
    }

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

    /// <summary>Fills the template the way <c>render_nginx</c> in uptime.sh does.</summary>
    private static string Render(IReadOnlyList<int> upstreamPorts, int listenPort)
    {
        var template = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "deploy", "nginx.conf"));
        var directory = Path.Combine(Path.GetTempPath(), "uptime-nginx-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);

        // nginx's workers run as an unprivileged user when the test runs as root: they must reach the folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(
                directory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var upstreams = new StringBuilder();
        foreach (var port in upstreamPorts)
        {
            upstreams.Append(CultureInfo.InvariantCulture, $"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n");
        }

        var config = new StringBuilder();
        foreach (var line in template.Split('\n'))
        {
            if (line.Contains("__UPSTREAMS__", StringComparison.Ordinal))
            {
                config.Append(upstreams);
                continue;
            }

            config.Append(line
                .Replace("__RUN__", directory, StringComparison.Ordinal)
                .Replace("__LISTEN__", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{listenPort}"), StringComparison.Ordinal))
                .Append('\n');
        }

        var rendered = config.ToString().TrimEnd('\n') + "\n";
        if (new[] { "__RUN__", "__LISTEN__", "__UPSTREAMS__" }.Any(p => rendered.Contains(p, StringComparison.Ordinal)))
        {
            throw new XunitException($"deploy/nginx.conf still has a placeholder after rendering:\n{rendered}");
        }

        File.WriteAllText(Path.Combine(directory, "nginx.conf"), rendered);
        return directory;
    }

    private static NginxProcess Launch(string directory, int port) => new(
        ChildProcess.StartScript(
            "nginx",
            $"exec {Binary} -c '{Path.Combine(directory, "nginx.conf")}' -p '{directory}' -e stderr -g 'daemon off;'",
            directory,
            new Dictionary<string, string?>()),
        directory,
        port);

    private Task<bool> WaitUntilForwardingAsync(TimeSpan timeout) =>
        BalancerReadiness.WaitUntilForwardingAsync(Http, () => _process.HasExited, timeout);
}
