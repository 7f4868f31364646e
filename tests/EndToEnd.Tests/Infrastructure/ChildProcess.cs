using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A <c>dotnet &lt;dll&gt;</c> child process with its standard output and error kept in memory, for assertions
/// and for the tail shown when a test fails. Disposing it kills its process tree.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>Variables of the test's own environment that must not leak into a child's configuration.</summary>
    private static readonly string[] _droppedPrefixes = ["HUB_", "DATABASE_URL", "VALIDATOR_", "AGENT_", "ASPNETCORE_URLS", "DOTNET_URLS"];

    private static readonly ConcurrentDictionary<int, Process> _running = new();

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _started = Stopwatch.StartNew();
    private bool _disposed;

    static ChildProcess()
    {
        // A test host that dies without disposing its fixtures must not leave hubs and agents running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in _running.Values)
            {
                TryKill(process);
            }
        };
    }

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Lines written to standard error so far.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Standard output and error so far, interleaved in arrival order (error lines marked).</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static ChildProcess Start(string name, string dll, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = StartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.GetDirectoryName(dll)!);
        startInfo.ArgumentList.Add(dll);
        return Launch(name, startInfo, environment);
    }

    /// <summary>A bash script run in <paramref name="workingDirectory"/>; disposing it kills bash and everything it started.</summary>
    public static ChildProcess StartScript(string name, string script, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = StartInfo("bash", workingDirectory);
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        return Launch(name, startInfo, environment);
    }

    private static ProcessStartInfo StartInfo(string program, string workingDirectory) => new(program)
    {
        UseShellExecute = false,
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        StandardOutputEncoding = Encoding.UTF8,
        StandardErrorEncoding = Encoding.UTF8,
        WorkingDirectory = workingDirectory,
    };

    private static ChildProcess Launch(string name, ProcessStartInfo startInfo, IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var key in startInfo.Environment.Keys.Where(k => _droppedPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, error: true);
        process.Start();
        _running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return child;
    }

    /// <summary>Waits for the process to exit and its output to be read; false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of output, headed by the process's name, id and state.</summary>
    public string Describe(int lines = 60)
    {
        string[] tail;
        lock (_lock)
        {
            tail = [.. _output.TakeLast(lines)];
        }

        var state = _process.HasExited
            ? string.Create(CultureInfo.InvariantCulture, $"exited with code {_process.ExitCode}")
            : "running";
        return $"\n--- {Name} (pid {Id}, {state}, started {_started.Elapsed.TotalSeconds:0.0} s ago), last {tail.Length} lines ---\n"
            + string.Join('\n', tail)
            + $"\n--- end of {Name} ---";
    }

    /// <summary>Kills the process tree at once (no graceful shutdown), as a crash or <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        TryKill(_process);
        await WaitForExitAsync(TimeSpan.FromSeconds(15));
        _running.TryRemove(_process.Id, out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line, bool error)
    {
        if (line is null)
        {
            (error ? _stderrClosed : _stdoutClosed).TrySetResult();
            return;
        }

        lock (_lock)
        {
            _output.Add(error ? "[stderr] " + line : line);
            if (error)
            {
                _errors.Add(line);
            }
        }
    }

    /// <summary>Kills the process and its children unless it has exited already.</summary>
    internal static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while being killed.
        }
    }
}
