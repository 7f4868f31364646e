using System.Globalization;
using System.Runtime.InteropServices;
using Uptime.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine("❌ " + e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

// Ctrl-C or SIGTERM: stop measuring; everything started is stopped by the disposals below.
using var cancellation = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    if (!cancellation.IsCancellationRequested)
    {
        Console.Error.WriteLine("\nStopping everything the benchmark started…");
        cancellation.Cancel();
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var runDirectory = Path.Combine(Tools.RepositoryRoot, ".run", "bench", stamp);
Directory.CreateDirectory(runDirectory);
var jsonPath = options.JsonPath ?? Path.Combine(runDirectory, "result.json");

var report = new Report();
var mode = options.TlsHandshakeSeconds > 0 ? "TLS handshakes"
    : options.SimulatedValidators > 0 ? "simulated validators"
    : options.Websites == 0 ? "raw baseline only"
    : options.Https ? "load (HTTPS)" : "load";
report.Run("machine", Tools.Machine());
report.Run("date", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
report.Run("commit", Tools.Commit());
report.Run("mode", mode);
report.Run("command", "./uptime.sh bench " + string.Join(' ', args));
report.Run("logs", runDirectory);
Progress.Say($"Benchmark ({mode}); logs in {runDirectory}");

try
{
    if (options.TlsHandshakeSeconds > 0)
    {
        await TlsHandshakeRun.RunAsync(options, report, runDirectory, cancellation.Token);
    }
    else if (options.SimulatedValidators > 0)
    {
        await SimulationRun.RunAsync(options, report, runDirectory, cancellation.Token);
    }
    else
    {
        await LoadRun.RunAsync(options, report, runDirectory, cancellation.Token);
    }
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted; everything the benchmark started has been stopped.");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException or Npgsql.NpgsqlException)
{
    Console.Error.WriteLine("❌ Benchmark failed: " + e.Message);
    Console.Error.WriteLine($"   Logs: {runDirectory}");
    return 1;
}

Console.WriteLine(report.Render());
await report.WriteJsonAsync(jsonPath, CancellationToken.None);
Console.WriteLine($"JSON: {jsonPath}");
return 0;
