using System.Diagnostics;
using Uptime.Agent.Configuration;
using Uptime.Settings;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>Runs the agent's program (<c>dotnet Uptime.Validator.Agent.dll</c>) as a child process until it exits.</summary>
internal static class AgentProgram
{
    /// <summary>
    /// Runs the program with <paramref name="arguments"/> and, of the agent's variables, only <paramref name="variables"/>;
    /// HOME is <paramref name="home"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> arguments, Dictionary<string, string> variables, string home)
    {
        var agentDll = typeof(AgentOptions).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(agentDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in EnvironmentSettings.VariablesOf(typeof(AgentOptions)))
        {
            start.Environment.Remove(name);
        }

        start.Environment[AgentKeyReader.HomeVariable] = home;
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await Waits.ForAsync(process.WaitForExitAsync(), "the agent process to exit");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
