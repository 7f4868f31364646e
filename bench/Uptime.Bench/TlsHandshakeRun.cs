using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Uptime.Agent.Checks.Tls;

namespace Uptime.Bench;

/// <summary>
/// <c>--tls-handshakes S</c>: only the HTTPS farm and this process. Each check is a fresh TCP connection, a TLS handshake
/// validating the farm's certificate against its CA, one <c>GET /site/&lt;n&gt;</c> with <c>Connection: close</c> and its
/// whole answer, spread over the farm's hosts (host k: port k, reached by the name <c>h&lt;k&gt;.farm.test</c>, SNI
/// only, since .NET resumes per name and never for an IP address). Plain HTTP (the floor: the same check without TLS),
/// naive (<c>AllowTlsResume = false</c>) and resumed (the default) alternate, <c>S</c> seconds each, three rounds, after
/// a short warm-up of each. CPU per check is this process's and nginx's CPU time over the phase ÷ its checks. This process runs on
/// CPU 0 and nginx on CPU 1, so each phase is one core's worth of checks and checks/s compare at the same CPU.
/// </summary>
internal static class TlsHandshakeRun
{
    private const int Rounds = 3;

    /// <summary>
    /// What a phase's checks do: no TLS (the plain-HTTP floor), a full handshake each, resumed handshakes, or a GET on a
    /// kept-alive TLS connection per host (the alternative that skips the handshake altogether: latency "warm").
    /// </summary>
    public enum Kind
    {
        Plain,
        Naive,
        Resumed,
        Warm,
    }

    public readonly record struct Phase(Kind Kind, long Checks, long Failed, long ResumedByClient, long UnknownToClient,
        long ServerRequests, long ResumedByServer, double Seconds, double ClientCpu, double ServerCpu)
    {
        public double PerSecond => Checks / Seconds;

        public double ClientMsPerCheck => Checks > 0 ? ClientCpu * 1000 / Checks : 0;

        public double ServerMsPerCheck => Checks > 0 ? ServerCpu * 1000 / Checks : 0;
    }

    public static async Task RunAsync(BenchOptions options, Report report, string runDirectory, CancellationToken cancellationToken)
    {
        var pinned = Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux();
        if (pinned && OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        await using var farm = await TargetFarm.StartAsync(options, runDirectory, pinned ? 1 : null, cancellationToken);
        Progress.Say($"HTTPS farm: nginx on {farm.HttpsPorts.Count} ports{(pinned ? ", pinned to CPU 1; this process to CPU 0" : " (not pinned: one CPU)")}");
        var authority = farm.Certificates!.Authority;

        foreach (var kind in Enum.GetValues<Kind>())
        {
            await RunPhaseAsync(farm, authority, options, kind, TimeSpan.FromSeconds(2), cancellationToken);
        }

        var phases = new List<Round>();
        for (var round = 1; round <= Rounds; round++)
        {
            var duration = TimeSpan.FromSeconds(options.TlsHandshakeSeconds);
            var plain = await RunPhaseAsync(farm, authority, options, Kind.Plain, duration, cancellationToken);
            var naive = await RunPhaseAsync(farm, authority, options, Kind.Naive, duration, cancellationToken);
            var resumed = await RunPhaseAsync(farm, authority, options, Kind.Resumed, duration, cancellationToken);
            var warm = await RunPhaseAsync(farm, authority, options, Kind.Warm, duration, cancellationToken);
            Progress.Say(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: client CPU ms per check: plain {plain.ClientMsPerCheck:0.000}, naive {naive.ClientMsPerCheck:0.000}, "
                + $"resumed {resumed.ClientMsPerCheck:0.000}, warm {warm.ClientMsPerCheck:0.000}"));
            phases.Add(new Round(plain, naive, resumed, warm));
        }

        ReportPhases(report, options, phases);
    }

    private readonly record struct Round(Phase Plain, Phase Naive, Phase Resumed, Phase Warm);

    private static void ReportPhases(Report report, BenchOptions options, List<Round> phases)
    {
        report.Section(string.Create(CultureInfo.InvariantCulture,
            $"TLS handshakes: fresh TCP + TLS ({(options.TlsProtocols == SslProtocols.None ? "any version" : options.TlsProtocols)}, {(options.HttpsRsa ? "RSA 2048" : "P-256")} server key) + one GET, {options.TlsConcurrency} in flight, {options.HttpsHosts} hosts; median of {phases.Count} rounds (rounds in brackets)"));
        string Rounds(Func<Round, double> value, string format) =>
            string.Join(" / ", phases.Select(p => value(p).ToString(format, CultureInfo.InvariantCulture)));
        void Row(string key, string label, Func<Round, double> value, string format, string? target = null, bool? pass = null)
        {
            var median = Median(phases.Select(value));
            report.Add(key, label, Format.Round(median, 4), $"{median.ToString(format, CultureInfo.InvariantCulture)} ({Rounds(value, format)})", target, pass);
        }

        Row("plain_checks_per_second", "plain HTTP checks/s (no TLS: the floor)", p => p.Plain.PerSecond, "0");
        Row("naive_checks_per_second", "naive checks/s (AllowTlsResume = false)", p => p.Naive.PerSecond, "0");
        Row("resumed_checks_per_second", "resumed checks/s (AllowTlsResume = true)", p => p.Resumed.PerSecond, "0");
        Row("resumed_over_naive", "resumed ÷ naive checks/s (same round)", p => p.Resumed.PerSecond / p.Naive.PerSecond, "0.00");
        var ratio = Median(phases.Select(p => p.Naive.ClientMsPerCheck / p.Resumed.ClientMsPerCheck));
        Row("resumed_over_naive_per_cpu", "resumed ÷ naive checks per client CPU second (same round)",
            p => p.Naive.ClientMsPerCheck / p.Resumed.ClientMsPerCheck, "0.00", "≥ 3", ratio >= 3);
        Row("resumed_over_naive_per_cpu_both", "the same with nginx's CPU added",
            p => (p.Naive.ClientMsPerCheck + p.Naive.ServerMsPerCheck) / (p.Resumed.ClientMsPerCheck + p.Resumed.ServerMsPerCheck), "0.00");
        Row("warm_over_naive_per_cpu", "warm ÷ naive checks per client CPU second (same round)",
            p => p.Naive.ClientMsPerCheck / p.Warm.ClientMsPerCheck, "0.00");
        Row("plain_client_ms_per_check", "plain: client CPU ms / check", p => p.Plain.ClientMsPerCheck, "0.000");
        Row("naive_client_ms_per_check", "naive: client CPU ms / check", p => p.Naive.ClientMsPerCheck, "0.000");
        Row("resumed_client_ms_per_check", "resumed: client CPU ms / check", p => p.Resumed.ClientMsPerCheck, "0.000");
        Row("warm_client_ms_per_check", "warm: client CPU ms / check", p => p.Warm.ClientMsPerCheck, "0.000");
        Row("plain_server_ms_per_check", "plain: nginx CPU ms / check", p => p.Plain.ServerMsPerCheck, "0.000");
        Row("naive_server_ms_per_check", "naive: nginx CPU ms / check", p => p.Naive.ServerMsPerCheck, "0.000");
        Row("resumed_server_ms_per_check", "resumed: nginx CPU ms / check", p => p.Resumed.ServerMsPerCheck, "0.000");
        Row("warm_server_ms_per_check", "warm: nginx CPU ms / check", p => p.Warm.ServerMsPerCheck, "0.000");
        Row("warm_checks_per_second", "warm checks/s", p => p.Warm.PerSecond, "0");
        Row("naive_client_cores", "naive: client cores busy", p => p.Naive.ClientCpu / p.Naive.Seconds, "0.00");
        Row("resumed_client_cores", "resumed: client cores busy", p => p.Resumed.ClientCpu / p.Resumed.Seconds, "0.00");
        report.Add("resumed_counts", "resumed handshakes: client (SSL_session_reused) / nginx ($ssl_session_reused) / checks, per round",
            phases.Select(p => new Dictionary<string, object?>
            {
                ["plain"] = Counts(p.Plain),
                ["naive"] = Counts(p.Naive),
                ["resumed"] = Counts(p.Resumed),
                ["warm"] = Counts(p.Warm),
            }).ToList(),
            string.Join("; ", phases.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"naive {p.Naive.ResumedByClient}/{p.Naive.ResumedByServer}/{p.Naive.Checks}, resumed {p.Resumed.ResumedByClient}/{p.Resumed.ResumedByServer}/{p.Resumed.Checks}"))));
        var failed = phases.Sum(p => p.Naive.Failed + p.Resumed.Failed);
        var unknown = phases.Sum(p => p.Naive.UnknownToClient + p.Resumed.UnknownToClient);
        report.Add("failed_checks", "failed checks (not a 200) / handshakes whose resumption the client could not tell", failed + unknown,
            string.Create(CultureInfo.InvariantCulture, $"{failed} / {unknown}"), "0 / 0", failed + unknown == 0);
    }

    private static Dictionary<string, object?> Counts(Phase phase) => new()
    {
        ["checks"] = phase.Checks,
        ["resumed_client"] = phase.ResumedByClient,
        ["resumed_server"] = phase.ResumedByServer,
        ["server_requests"] = phase.ServerRequests,
        ["client_cpu_seconds"] = Format.Round(phase.ClientCpu),
        ["server_cpu_seconds"] = Format.Round(phase.ServerCpu),
        ["seconds"] = Format.Round(phase.Seconds),
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<Phase> RunPhaseAsync(
        TargetFarm farm, X509Certificate2 authority, BenchOptions options, Kind kind, TimeSpan duration, CancellationToken cancellationToken)
    {
        long next = 0, checks = 0, failed = 0, resumedByClient = 0, unknown = 0;
        var serverBefore = farm.CountTlsRequests();
        var clientBefore = ProcStats.Read(Environment.ProcessId)!.Value.CpuSeconds;
        var farmBefore = farm.Processes.Sample().CpuSeconds;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.TlsConcurrency).Select(_ => Task.Run(async () =>
        {
            await using var warm = new WarmConnections(farm, authority, options.TlsProtocols);
            while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var n = (int)(Interlocked.Increment(ref next) % 1_000_000);
                var host = n % farm.HttpsPorts.Count;
                try
                {
                    var resumed = kind switch
                    {
                        Kind.Plain => await PlainCheckAsync(farm.Port, n, cancellationToken),
                        Kind.Warm => await warm.CheckAsync(host, n, cancellationToken),
                        _ => await CheckAsync(farm.HttpsPorts[host], $"h{host}.{FarmCertificates.Domain}", n, kind == Kind.Resumed, options.TlsProtocols, authority, cancellationToken),
                    };
                    Interlocked.Increment(ref checks);
                    Interlocked.Add(ref resumedByClient, resumed == true ? 1 : 0);
                    Interlocked.Add(ref unknown, resumed is null ? 1 : 0);
                }
                catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        var seconds = watch.Elapsed.TotalSeconds;
        var clientCpu = ProcStats.Read(Environment.ProcessId)!.Value.CpuSeconds - clientBefore;
        var serverCpu = farm.Processes.Sample().CpuSeconds - farmBefore;

        // nginx flushes its access log each second.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        var serverAfter = farm.CountTlsRequests();
        return new Phase(kind, checks, failed, resumedByClient, unknown, serverAfter.Requests - serverBefore.Requests,
            serverAfter.Resumed - serverBefore.Resumed, seconds, clientCpu, serverCpu);
    }

    /// <summary>One check; returns whether its handshake resumed (null: cannot tell); throws when the answer is no 200.</summary>
    private static async Task<bool?> CheckAsync(int port, string host, int n, bool resume, SslProtocols protocols, X509Certificate2 authority, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(ClientOptions(host, resume, protocols, authority), cancellationToken);
        var resumed = TlsSessionReuse.WasResumed(tls);
        await GetAsync(tls, host, n, keepAlive: false, cancellationToken);
        return resumed;
    }

    private static SslClientAuthenticationOptions ClientOptions(string host, bool resume, SslProtocols protocols, X509Certificate2 authority)
    {
        var chainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chainPolicy.CustomTrustStore.Add(authority);
        return new SslClientAuthenticationOptions
        {
            TargetHost = host,
            AllowTlsResume = resume,
            EnabledSslProtocols = protocols,
            CertificateChainPolicy = chainPolicy,
        };
    }

    /// <summary>The same check without TLS, on the farm's plain port; false: nothing resumed.</summary>
    private static async Task<bool?> PlainCheckAsync(int port, int n, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await GetAsync(stream, "127.0.0.1", n, keepAlive: false, cancellationToken);
        return false;
    }

    /// <summary>One GET and its whole answer: to the end of the connection, or with <paramref name="keepAlive"/> to the end of its body (Content-Length).</summary>
    private static async Task GetAsync(Stream stream, string host, int n, bool keepAlive, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"GET /site/{n} HTTP/1.1\r\nHost: {host}\r\nConnection: {(keepAlive ? "keep-alive" : "close")}\r\n\r\n")), cancellationToken);
        var buffer = new byte[1024];
        var length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length == buffer.Length || (keepAlive && IsComplete(buffer.AsSpan(0, length))))
            {
                break;
            }
        }

        if (!buffer.AsSpan(0, length).StartsWith("HTTP/1.1 200 "u8))
        {
            throw new InvalidDataException("not a 200");
        }
    }

    private static bool IsComplete(ReadOnlySpan<byte> answer)
    {
        var end = answer.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var headers = Encoding.ASCII.GetString(answer[..end]);
        var at = headers.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            throw new InvalidDataException("no Content-Length");
        }

        var digits = headers[(at + 16)..].Split('\r')[0];
        return answer.Length - end - 4 >= int.Parse(digits, CultureInfo.InvariantCulture);
    }

    /// <summary>One worker's kept-alive TLS connections, one per host, each opened (full handshake) on its host's first check.</summary>
    private sealed class WarmConnections(TargetFarm farm, X509Certificate2 authority, SslProtocols protocols) : IAsyncDisposable
    {
        private readonly Dictionary<int, (Socket Socket, SslStream Tls)> _open = [];

        public async Task<bool?> CheckAsync(int host, int n, CancellationToken cancellationToken)
        {
            var name = $"h{host}.{FarmCertificates.Domain}";
            if (!_open.TryGetValue(host, out var connection))
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, farm.HttpsPorts[host]), cancellationToken);
                var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
                await tls.AuthenticateAsClientAsync(ClientOptions(name, resume: false, protocols, authority), cancellationToken);
                connection = (socket, tls);
                _open[host] = connection;
            }

            try
            {
                await GetAsync(connection.Tls, name, n, keepAlive: true, cancellationToken);
            }
            catch
            {
                _open.Remove(host);
                await connection.Tls.DisposeAsync();
                connection.Socket.Dispose();
                throw;
            }

            return false;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var (socket, tls) in _open.Values)
            {
                await tls.DisposeAsync();
                socket.Dispose();
            }
        }
    }
}
