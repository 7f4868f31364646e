using System.Diagnostics;
using System.Text;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Demo;

/// <summary>
/// <c>./uptime.sh up</c> or <c>cluster</c> as a user runs it, on ports of its own and with its own data folder (so it
/// runs beside a user's demo), its console kept for assertions. Disposing it interrupts it like Ctrl-C, then kills
/// what is left.
/// </summary>
internal sealed class DemoScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly string _data;

    private DemoScript(Process process, string data, int hubPort, int postgresPort)
    {
        _process = process;
        _data = data;
        HubPort = hubPort;
        PostgresPort = postgresPort;
    }

    public int HubPort { get; }

    public int PostgresPort { get; }

    /// <summary>What the script calls <c>.data</c> (UPTIME_DATA).</summary>
    public string DataDirectory => _data;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public string Describe => $"\n--- ./uptime.sh (pid {_process.Id}, {(HasExited ? "exited" : "running")}) ---\n"
        + string.Join('\n', Lines.TakeLast(120)) + "\n--- end ---";

    /// <summary>Starts the script; for <c>cluster</c> the hub port is the first of four free ones in a row (nginx, silos 1–3).</summary>
    public static DemoScript Start(string command, IReadOnlyDictionary<string, string>? extra = null)
    {
        var data = Directory.CreateTempSubdirectory("uptime-demo-").FullName;

        // PostgreSQL runs as the postgres user when the tests run as root: it must reach its data folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var hubPort = command == "cluster" ? FreePort.NextRun(4) : FreePort.Next();
        var postgresPort = FreePort.Next();
        // Ctrl-C must reach the script even when the tests were started with SIGINT ignored (e.g. as a background job of a
        // non-interactive shell): a shell cannot trap a signal that was ignored when it started, so env resets it first.
        var startInfo = new ProcessStartInfo("env")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepositoryLayout.Root,
        };
        startInfo.ArgumentList.Add("--default-signal=INT");
        startInfo.ArgumentList.Add("bash");
        startInfo.ArgumentList.Add(Path.Combine(RepositoryLayout.Root, "uptime.sh"));
        startInfo.ArgumentList.Add(command);
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("HUB_", StringComparison.Ordinal) || k == "DATABASE_URL").ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["CONFIGURATION"] = RepositoryLayout.Configuration;
        startInfo.Environment["UPTIME_DATA"] = data;
        startInfo.Environment["HUB_PORT"] = $"{hubPort}";
        startInfo.Environment["DEMO_TARGET_PORT"] = $"{FreePort.Next()}";
        startInfo.Environment["UPTIME_PG_PORT"] = $"{postgresPort}";
        startInfo.Environment["HUB_SILO_PORT"] = $"{FreePort.Next()}";
        startInfo.Environment["HUB_GATEWAY_PORT"] = $"{FreePort.Next()}";
        startInfo.Environment["UPTIME_SILO_PORT_BASE"] = $"{FreePort.NextRun(3) - 1}";
        startInfo.Environment["UPTIME_GATEWAY_PORT_BASE"] = $"{FreePort.NextRun(3) - 1}";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var script = new DemoScript(process, data, hubPort, postgresPort);
        process.OutputDataReceived += (_, e) => script.Append(e.Data);
        process.ErrorDataReceived += (_, e) => script.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return script;
    }

    /// <summary>Waits for a console line containing <paramref name="text"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, int after = 0)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Lines.Skip(after).FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            if (HasExited)
            {
                break;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No line with \"{text}\" within {timeout.TotalSeconds:0} s{Describe}");
    }

    /// <summary>Ctrl-C, as a user stops it; true when everything stopped within <paramref name="timeout"/>.</summary>
    public async Task<bool> InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", $"{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            await InterruptAsync(TimeSpan.FromSeconds(60));
        }

        ChildProcess.TryKill(_process);
        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file PostgreSQL still held; the folder is under the temporary directory anyway.
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _lines.Add(line);
            }
        }
    }
}
