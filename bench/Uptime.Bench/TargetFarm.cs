using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.Bench;

/// <summary>
/// The websites being checked: nginx answering any path, <c>200</c> for most, <c>500</c> for a share of the URIs and,
/// for another share, a response delayed by a small Kestrel endpoint in this process (nginx alone cannot delay).
/// The split is by a hash of the URI (nginx <c>split_clients</c>), so a given website always answers the same way.
/// The storm websites (<c>/storm/&lt;n&gt;</c>) answer 200 until <see cref="StartStorm"/>, then 503, all at once.
/// With <c>--https</c> the same answers also come over TLS 1.2/1.3 on <c>--https-hosts</c> ports (one port a host: the
/// agents reach them as <c>https://localhost:&lt;port&gt;</c>, the only name besides the machine's own that resolves
/// here), with a certificate from a CA made at start (<see cref="FarmCertificates"/>) and session tickets on (nginx's
/// default); every HTTPS request logs whether nginx resumed its session (<see cref="CountTlsRequests"/>).
/// </summary>
internal sealed class TargetFarm : IAsyncDisposable
{
    private readonly ChildProcess _nginx;
    private readonly WebApplication? _slow;
    private readonly string _stormFlag;

    private readonly string _tlsLog;

    private TargetFarm(int port, IReadOnlyList<int> httpsPorts, FarmCertificates? certificates, string directory, ChildProcess nginx, WebApplication? slow, string stormFlag)
    {
        Port = port;
        HttpsPorts = httpsPorts;
        Certificates = certificates;
        _tlsLog = Path.Combine(directory, "tls.log");
        _stormFlag = stormFlag;
        _nginx = nginx;
        _slow = slow;
        Processes = new ProcessGroup("farm (nginx)", () => [_nginx.Id], withChildren: true);
    }

    /// <summary>The plain-HTTP port (always there: readiness, the raw baseline, and every URL without <c>--https</c>).</summary>
    public int Port { get; }

    /// <summary>The HTTPS ports, one per target host; empty without <c>--https</c>.</summary>
    public IReadOnlyList<int> HttpsPorts { get; }

    /// <summary>The CA and server certificate of the HTTPS ports; null without <c>--https</c>.</summary>
    public FarmCertificates? Certificates { get; }

    public ProcessGroup Processes { get; }

    /// <summary>The path prefix of the storm websites' URLs.</summary>
    public const string StormPath = "/storm/";

    public string SiteUrl(int n) => string.Create(CultureInfo.InvariantCulture, $"{Origin(n)}/site/{n}");

    public string StormUrl(int n) => string.Create(CultureInfo.InvariantCulture, $"{Origin(n)}{StormPath}{n}");

    /// <summary>The plain-HTTP URL of website <paramref name="n"/>, whatever the farm serves the websites over.</summary>
    public string PlainSiteUrl(int n) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/site/{n}");

    /// <summary>
    /// HTTPS requests logged so far, how many of them came over a session nginx resumed (<c>$ssl_session_reused</c>) and
    /// how many over a connection that had served a request before (<c>$connection_requests</c> above 1: warm).
    /// </summary>
    public (long Requests, long Resumed, long Warm) CountTlsRequests()
    {
        if (!File.Exists(_tlsLog))
        {
            return (0, 0, 0);
        }

        long requests = 0, resumed = 0, warm = 0;
        foreach (var line in File.ReadLines(_tlsLog))
        {
            requests++;
            if (line.StartsWith('r'))
            {
                resumed++;
            }

            if (!line.EndsWith(" 1", StringComparison.Ordinal))
            {
                warm++;
            }
        }

        return (requests, resumed, warm);
    }

    private string Origin(int n) => HttpsPorts.Count == 0
        ? string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"https://localhost:{HttpsPorts[n % HttpsPorts.Count]}");

    /// <summary>From now on every storm website answers 503 (nginx tests the flag file on each request); returns the instant (UTC).</summary>
    public DateTime StartStorm()
    {
        File.WriteAllText(_stormFlag, "down\n");
        return DateTime.UtcNow;
    }

    /// <summary>Starts the farm; <paramref name="pinToCpu"/> is the CPU (0-based) nginx's workers are pinned to, null: not pinned.</summary>
    public static async Task<TargetFarm> StartAsync(BenchOptions options, string runDirectory, int? pinToCpu, CancellationToken cancellationToken)
    {
        WebApplication? slow = null;
        var slowPort = 0;
        if (options.SlowShare > 0)
        {
            slowPort = FreePorts.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{slowPort}"));
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
            slow = builder.Build();
            var delay = TimeSpan.FromMilliseconds(options.SlowMs);
            slow.Run(async context =>
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync("slow\n", context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
            });
            await slow.StartAsync(cancellationToken);
        }

        var directory = Path.Combine(runDirectory, "farm");
        Directory.CreateDirectory(directory);
        var port = FreePorts.Next();
        var httpsPorts = options.Https ? Enumerable.Range(0, options.HttpsHosts).Select(_ => FreePorts.Next()).ToList() : [];
        var certificates = options.Https ? FarmCertificates.Create(directory, options.HttpsRsa) : null;
        var config = Path.Combine(directory, "nginx.conf");
        var stormFlag = Path.Combine(directory, "storm.down");
        await File.WriteAllTextAsync(config, Config(options, directory, port, httpsPorts, certificates, slowPort, stormFlag, pinToCpu), cancellationToken);
        var nginx = ChildProcess.Start(
            "farm", Tools.Nginx, ["-c", config, "-p", directory, "-g", "daemon off;"],
            new Dictionary<string, string>(), Path.Combine(directory, "nginx.out"));
        var farm = new TargetFarm(port, httpsPorts, certificates, directory, nginx, slow, stormFlag);
        try
        {
            await Http.WaitForAsync(farm.PlainSiteUrl(0), TimeSpan.FromSeconds(15), acceptAnyStatus: true, cancellationToken);
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }

        return farm;
    }

    public async ValueTask DisposeAsync()
    {
        await _nginx.DisposeAsync();
        if (_slow is not null)
        {
            await _slow.DisposeAsync();
        }
    }

    private static string Config(
        BenchOptions options, string directory, int port, IReadOnlyList<int> httpsPorts, FarmCertificates? certificates, int slowPort, string stormFlag, int? pinToCpu)
    {
        var split = new StringBuilder();
        if (options.ErrorShare > 0)
        {
            split.AppendLine(CultureInfo.InvariantCulture, $"        {options.ErrorShare * 100:0.00}% fail;");
        }

        if (options.SlowShare > 0)
        {
            split.AppendLine(CultureInfo.InvariantCulture, $"        {options.SlowShare * 100:0.00}% slow;");
        }

        split.AppendLine("        * ok;");
        var slowUpstream = slowPort == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"upstream slow {{ server 127.0.0.1:{slowPort}; keepalive 256; }}");
        var slowLocation = slowPort == 0
            ? string.Empty
            : "location = /__slow { internal; proxy_pass http://slow; proxy_http_version 1.1; "
              + "proxy_set_header Connection \"\"; proxy_read_timeout 120s; }";
        var locations = string.Create(CultureInfo.InvariantCulture, $$"""
                    location / {
                        if ($farm_variant = fail) { return 500 "error\n"; }
                        if ($farm_variant = slow) { rewrite ^ /__slow last; }
                        return 200 "ok\n";
                    }
                    location {{StormPath}} {
                        if (-f {{stormFlag}}) { return 503 "storm\n"; }
                        return 200 "ok\n";
                    }
                    {{slowLocation}}
            """);
        var affinity = pinToCpu is { } cpu ? $"worker_cpu_affinity {Convert.ToString(1 << cpu, 2)};" : string.Empty;
        var https = certificates is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $$"""
                server {
            {{string.Concat(httpsPorts.Select(p => string.Create(CultureInfo.InvariantCulture, $"        listen 127.0.0.1:{p} ssl backlog=4096;\n")))}}
                    ssl_certificate {{certificates.CertificatePem}};
                    ssl_certificate_key {{certificates.KeyPem}};
                    ssl_protocols TLSv1.2 TLSv1.3;
                    keepalive_requests 1000000;
                    access_log {{directory}}/tls.log tls buffer=64k flush=1s;
            {{locations}}
                }
            """);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            # Target farm of ./uptime.sh bench (generated): any path answers; the URI's hash picks 200, 500 or slow;
            # /storm/ answers 200 until the storm's flag file exists, then 503.
            worker_processes {{options.FarmWorkers}};
            {{affinity}}
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 8192; multi_accept on; }

            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                default_type text/plain;

                split_clients "${uri}" $farm_variant {
            {{split}}    }
                {{slowUpstream}}

                log_format tls '$ssl_session_reused $connection_requests';

                server {
                    listen 127.0.0.1:{{port}} backlog=4096;
            {{locations}}
                }
            {{https}}
            }
            """);
    }
}
