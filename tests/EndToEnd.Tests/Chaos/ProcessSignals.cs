using System.Diagnostics;
using System.Globalization;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>
/// Signals to child processes. SIGTERM goes through the <c>kill</c> command (a P/Invoke of libc's kill would need
/// unsafe code in the test project); SIGKILL is <see cref="Infrastructure.ChildProcess.KillAsync"/>.
/// </summary>
internal static class ProcessSignals
{
    /// <summary>Sends SIGTERM to <paramref name="pid"/>: a .NET host stops gracefully, as under systemd or Kubernetes.</summary>
    public static Task TerminateAsync(int pid) => SendAsync("TERM", pid);

    /// <summary>Sends SIGSTOP: the process freezes as in a long GC pause or a VM stall, its sockets open and silent.</summary>
    public static Task FreezeAsync(int pid) => SendAsync("STOP", pid);

    /// <summary>Sends SIGCONT: a frozen process resumes where it stopped.</summary>
    public static Task ResumeAsync(int pid) => SendAsync("CONT", pid);

    private static async Task SendAsync(string signal, int pid)
    {
        var startInfo = new ProcessStartInfo("kill")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("-" + signal);
        startInfo.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(startInfo) ?? throw new XunitException("Could not start the kill command");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var error = await kill.StandardError.ReadToEndAsync(timeout.Token);
        await kill.WaitForExitAsync(timeout.Token);
        if (kill.ExitCode != 0)
        {
            throw new XunitException($"kill -{signal} {pid} exited with {kill.ExitCode}: {error}");
        }
    }
}
