using System.Globalization;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// A hub that cannot start says why in one line on standard error (no stack trace) and exits non-zero:
/// 2 for a bad setting, 1 for an unusable database.
/// </summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan _exitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hub_DatabaseUnreachable_OneErrorLineAndNonZeroExit()
    {
        var closedPort = FreePort.Next();
        var environment = HubProcess.Environment($"postgresql://postgres@127.0.0.1:{closedPort}/uptime", FreePort.Next());

        var (exitCode, errorLines, output) = await RunHubToExitAsync(environment);

        Assert.True(exitCode != 0, $"exit code 0{output}");
        var line = Assert.Single(errorLines);
        Assert.StartsWith("❌", line, StringComparison.Ordinal);
        Assert.Contains(closedPort.ToString(CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_DatabaseUrlMissing_OneErrorLineNamingIt()
    {
        var environment = HubProcess.Environment("unused", FreePort.Next());
        environment.Remove("DATABASE_URL");

        var (exitCode, errorLines, output) = await RunHubToExitAsync(environment);

        Assert.True(exitCode != 0, $"exit code 0{output}");
        var line = Assert.Single(errorLines);
        Assert.StartsWith("❌", line, StringComparison.Ordinal);
        Assert.Contains("DATABASE_URL", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HUB_PORT", "abc")]
    [InlineData("HUB_PORT", "70000")]
    [InlineData("HUB_HEARTBEAT_TIMEOUT_SECONDS", "0")]
    [InlineData("HUB_LISTEN_IP", "localhost-ish")]
    [InlineData("HUB_VALIDATOR_ENROLLMENT", "closed")]
    public async Task Hub_BadSetting_ExitCode2WithOneLineNamingIt(string variable, string value)
    {
        var environment = HubProcess.Environment($"postgresql://postgres@127.0.0.1:{FreePort.Next()}/uptime", FreePort.Next());
        environment[variable] = value;

        var (exitCode, errorLines, output) = await RunHubToExitAsync(environment);

        Assert.True(exitCode == 2, $"exit code {exitCode}, expected 2{output}");
        var line = Assert.Single(errorLines);
        Assert.StartsWith("❌", line, StringComparison.Ordinal);
        Assert.Contains(variable, line, StringComparison.Ordinal);
        Assert.Contains(value, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    internal static async Task<(int ExitCode, IReadOnlyList<string> ErrorLines, string Output)> RunHubToExitAsync(
        Dictionary<string, string?> environment)
    {
        await using var hub = ChildProcess.Start("hub", RepositoryLayout.HubDll, environment);
        var exited = await hub.WaitForExitAsync(_exitTimeout);
        Assert.True(exited, $"the hub was still running after {_exitTimeout.TotalSeconds:0} s{hub.Describe()}");
        return (hub.ExitCode, [.. hub.ErrorLines.Where(l => l.Length > 0)], hub.Describe(200));
    }
}
