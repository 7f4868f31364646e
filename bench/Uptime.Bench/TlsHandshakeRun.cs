using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Uptime.Agent.Checks.Tls;

namespace Uptime.Bench;

/// <summary>
/// <c>--tls-handshakes S</c>: only the HTTPS farm and this process. Each check is a fresh TCP connection, a TLS handshake
/// validating the farm's certificate against its CA, one <c>GET /site/&lt;n&gt;</c> with <c>Connection: close</c> and its
/// whole answer, spread over the farm's hosts (host k: port k, reached by the name <c>h&lt;k&gt;.farm.test</c>, SNI
/// only, since .NET resumes per name and never for an IP address). Naive (<c>AllowTlsResume = false</c>) and resumed
/// (the default) alternate, <c>S</c> seconds each, three rounds, after a short warm-up of both. This process runs on
/// CPU 0 and nginx on CPU 1, so each phase is one core's worth of checks and checks/s compare at the same CPU.
/// </summary>
internal static class TlsHandshakeRun
{
    private const int Rounds = 3;

    public readonly record struct Phase(bool Resume, long Checks, long Failed, long ResumedByClient, long UnknownToClient,
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

        await RunPhaseAsync(farm, authority, resume: false, TimeSpan.FromSeconds(2), options.TlsConcurrency, cancellationToken);
        await RunPhaseAsync(farm, authority, resume: true, TimeSpan.FromSeconds(2), options.TlsConcurrency, cancellationToken);
        var phases = new List<(Phase Naive, Phase Resumed)>();
        for (var round = 1; round <= Rounds; round++)
        {
            var duration = TimeSpan.FromSeconds(options.TlsHandshakeSeconds);
            var naive = await RunPhaseAsync(farm, authority, resume: false, duration, options.TlsConcurrency, cancellationToken);
            var resumed = await RunPhaseAsync(farm, authority, resume: true, duration, options.TlsConcurrency, cancellationToken);
            Progress.Say(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: naive {naive.PerSecond:0}/s, resumed {resumed.PerSecond:0}/s ({resumed.PerSecond / naive.PerSecond:0.00}×)"));
            phases.Add((naive, resumed));
        }

        ReportPhases(report, options, phases);
    }

    private static void ReportPhases(Report report, BenchOptions options, List<(Phase Naive, Phase Resumed)> phases)
    {
        report.Section(string.Create(CultureInfo.InvariantCulture,
            $"TLS handshakes: fresh TCP + TLS + one GET, {options.TlsConcurrency} in flight, {options.HttpsHosts} hosts; median of {phases.Count} rounds (rounds in brackets)"));
        string Rounds(Func<(Phase Naive, Phase Resumed), double> value, string format) =>
            string.Join(" / ", phases.Select(p => value(p).ToString(format, CultureInfo.InvariantCulture)));
        void Row(string key, string label, Func<(Phase Naive, Phase Resumed), double> value, string format, string? target = null, bool? pass = null)
        {
            var median = Median(phases.Select(value));
            report.Add(key, label, Format.Round(median, 4), $"{median.ToString(format, CultureInfo.InvariantCulture)} ({Rounds(value, format)})", target, pass);
        }

        Row("naive_checks_per_second", "naive checks/s (AllowTlsResume = false)", p => p.Naive.PerSecond, "0");
        Row("resumed_checks_per_second", "resumed checks/s (AllowTlsResume = true)", p => p.Resumed.PerSecond, "0");
        var ratio = Median(phases.Select(p => p.Resumed.PerSecond / p.Naive.PerSecond));
        Row("resumed_over_naive", "resumed ÷ naive checks/s (same round)", p => p.Resumed.PerSecond / p.Naive.PerSecond, "0.00", "≥ 3", ratio >= 3);
        Row("naive_client_ms_per_check", "naive: client CPU ms / check", p => p.Naive.ClientMsPerCheck, "0.000");
        Row("resumed_client_ms_per_check", "resumed: client CPU ms / check", p => p.Resumed.ClientMsPerCheck, "0.000");
        Row("naive_server_ms_per_check", "naive: nginx CPU ms / check", p => p.Naive.ServerMsPerCheck, "0.000");
        Row("resumed_server_ms_per_check", "resumed: nginx CPU ms / check", p => p.Resumed.ServerMsPerCheck, "0.000");
        Row("naive_client_cores", "naive: client cores busy", p => p.Naive.ClientCpu / p.Naive.Seconds, "0.00");
        Row("resumed_client_cores", "resumed: client cores busy", p => p.Resumed.ClientCpu / p.Resumed.Seconds, "0.00");
        report.Add("resumed_counts", "resumed handshakes: client (SSL_session_reused) / nginx ($ssl_session_reused) / checks, per round",
            phases.Select(p => new Dictionary<string, object?>
            {
                ["naive"] = Counts(p.Naive),
                ["resumed"] = Counts(p.Resumed),
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
        TargetFarm farm, X509Certificate2 authority, bool resume, TimeSpan duration, int concurrency, CancellationToken cancellationToken)
    {
        long next = 0, checks = 0, failed = 0, resumedByClient = 0, unknown = 0;
        var serverBefore = farm.CountTlsRequests();
        var clientBefore = ProcStats.Read(Environment.ProcessId)!.Value.CpuSeconds;
        var farmBefore = farm.Processes.Sample().CpuSeconds;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var n = (int)(Interlocked.Increment(ref next) % 1_000_000);
                var host = n % farm.HttpsPorts.Count;
                try
                {
                    var resumed = await CheckAsync(farm.HttpsPorts[host], $"h{host}.{FarmCertificates.Domain}", n, resume, authority, cancellationToken);
                    Interlocked.Increment(ref checks);
                    Interlocked.Add(ref resumedByClient, resumed == true ? 1 : 0);
                    Interlocked.Add(ref unknown, resumed is null ? 1 : 0);
                }
                catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or InvalidDataException)
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
        return new Phase(resume, checks, failed, resumedByClient, unknown, serverAfter.Requests - serverBefore.Requests,
            serverAfter.Resumed - serverBefore.Resumed, seconds, clientCpu, serverCpu);
    }

    /// <summary>One check; returns whether its handshake resumed (null: cannot tell); throws when the answer is no 200.</summary>
    private static async Task<bool?> CheckAsync(int port, string host, int n, bool resume, X509Certificate2 authority, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        var chainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chainPolicy.CustomTrustStore.Add(authority);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = host, AllowTlsResume = resume, CertificateChainPolicy = chainPolicy }, cancellationToken);
        var resumed = TlsSessionReuse.WasResumed(tls);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"GET /site/{n} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")), cancellationToken);
        var buffer = new byte[1024];
        var length = 0;
        int read;
        while ((read = await tls.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0 && length + read < buffer.Length)
        {
            length += read;
        }

        length += read;
        if (!buffer.AsSpan(0, length).StartsWith("HTTP/1.1 200 "u8))
        {
            throw new InvalidDataException("not a 200");
        }

        return resumed;
    }
}
