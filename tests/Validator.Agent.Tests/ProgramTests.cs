using Uptime.Agent.Configuration;
using Uptime.Agent.Keys;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Security;

namespace Uptime.Agent.Tests;

public sealed class ProgramTests
{
    [Theory]
    [InlineData("HUB_URL", "http://localhost:8080", "HUB_URL must be an absolute ws:// or wss:// URL, got \"http://localhost:8080\"")]
    [InlineData("HUB_URL", "ws://a:8080,http://b:8080", "HUB_URL item 2 of 2 must be an absolute ws:// or wss:// URL, got \"http://b:8080\"")]
    [InlineData("AGENT_MAX_UNACKED_TICKS", "-1", "AGENT_MAX_UNACKED_TICKS must be a positive whole number, got \"-1\"")]
    [InlineData("AGENT_MAX_CONCURRENT_CHECKS", "0", "AGENT_MAX_CONCURRENT_CHECKS must be a positive whole number, got \"0\"")]
    [InlineData("VALIDATOR_PRIVATE_KEY", "0x12", "VALIDATOR_PRIVATE_KEY is not a valid private key: A private key must be 64 hex digits (optionally prefixed with 0x), got 2.")]
    public async Task Main_BadVariable_PrintsOneLineAndExitsWithCode2(string variable, string value, string expected)
    {
        var (exitCode, stdout, stderr) = await RunAgentAsync(new() { [variable] = value });

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, stderr.TrimEnd());
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Main_PublicKeyOfAnotherKey_RefusesToStartWithCode2()
    {
        var key = ValidatorKey.Generate();
        var other = ValidatorKey.Generate().Address;

        var (exitCode, stdout, stderr) = await RunAgentAsync(new()
        {
            ["VALIDATOR_PRIVATE_KEY"] = key.ToHex(),
            ["VALIDATOR_PUBLIC_KEY"] = other,
        });

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"VALIDATOR_PUBLIC_KEY is {other}, but the key from VALIDATOR_PRIVATE_KEY has the address {key.Address}; "
            + "unset VALIDATOR_PUBLIC_KEY or configure the matching key",
            stderr.TrimEnd());
        Assert.DoesNotContain(key.ToHex()[2..], stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Main_KeyFileHeldByAnotherAgent_RefusesToStartWithCode2()
    {
        var directory = Directory.CreateTempSubdirectory("agent-program-");
        var path = Path.Combine(directory.FullName, "key");
        var (_, held, _) = ValidatorKeyFile.OpenExclusive(path);
        try
        {
            var (exitCode, stdout, stderr) = await AgentProgram.RunAsync([], new() { [AgentOptions.KeyFileVariable] = path }, directory.FullName);

            Assert.Equal(2, exitCode);
            Assert.StartsWith($"The key file {path} is in use by another agent on this machine", stderr, StringComparison.Ordinal);
            Assert.Equal("", stdout);
        }
        finally
        {
            held.Dispose();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Runs the agent with only <paramref name="variables"/> of its own set; a key file in a fresh directory unless given.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAgentAsync(Dictionary<string, string> variables)
    {
        var directory = Directory.CreateTempSubdirectory("agent-program-");
        try
        {
            variables.TryAdd(AgentOptions.KeyFileVariable, Path.Combine(directory.FullName, "key"));
            return await AgentProgram.RunAsync([], variables, directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
