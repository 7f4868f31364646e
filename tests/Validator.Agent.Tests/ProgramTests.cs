using System.Diagnostics;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;

namespace Uptime.Agent.Tests;

public sealed class ProgramTests
{
    [Theory]
    [InlineData("HUB_URL", "http://localhost:8080", "HUB_URL must be an absolute ws:// or wss:// URL, got \"http://localhost:8080\"")]
    [InlineData("HUB_URL", "ws://a:8080,http://b:8080", "HUB_URL item 2 of 2 must be an absolute ws:// or wss:// URL, got \"http://b:8080\"")]
    [InlineData("AGENT_MAX_UNACKED_TICKS", "-1", "AGENT_MAX_UNACKED_TICKS must be a positive whole number, got \"-1\"")]
    [InlineData("AGENT_MAX_CONCURRENT_CHECKS", "0", "AGENT_MAX_CONCURRENT_CHECKS must be a positive whole number, got \"0\"")]
    public async Task Main_BadVariable_PrintsOneLineAndExitsNonZero(string variable, string value, string expected)
    {
        var agentDll = typeof(AgentOptions).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { agentDll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in typeof(AgentEnvironmentVariables).GetFields().Select(field => (string)field.GetValue(null)!))
        {
            start.Environment.Remove(name);
        }

        start.Environment[variable] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Waits.ForAsync(process.WaitForExitAsync(), "the agent process to exit");

        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal(expected, (await stderr).TrimEnd());
        Assert.Equal("", await stdout);
    }
}
