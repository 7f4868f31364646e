using Microsoft.Extensions.Configuration;
using Uptime.Agent.Configuration;

using Uptime.Agent.Tests.Infrastructure;

namespace Uptime.Agent.Tests.Configuration;

/// <summary>
/// Agents started with no identity variables use the default key file; while one runs, a second one on the same
/// machine refuses to start instead of silently becoming the same validator.
/// </summary>
public sealed class SharedKeyFileTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("agent-home-").FullName;
    private AgentOptions? _first;

    public void Dispose()
    {
        _first?.KeyFileLock?.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public void TryRead_SecondAgentOnTheDefaultKeyFile_RefusesSayingWhatToDo()
    {
        var path = Path.Combine(_home, ".config", "uptime-validator", "key");
        Assert.True(AgentSettings.TryRead(Configuration([]), out _first, out var firstError), firstError);

        Assert.False(AgentSettings.TryRead(Configuration([]), out var second, out var error));

        Assert.Null(second);
        Assert.Equal(
            $"The key file {path} is in use by another agent on this machine, and two agents with one key would be one validator "
            + "that the hub switches between: give this agent a key of its own with VALIDATOR_KEY_FILE (another file), "
            + "VALIDATOR_PRIVATE_KEY, or VALIDATOR_PUBLIC_KEY and its key (see the keygen command)",
            error);
    }

    [Fact]
    public void TryRead_SecondAgentOnAnotherKeyFile_Starts()
    {
        Assert.True(AgentSettings.TryRead(Configuration([]), out _first, out var firstError), firstError);

        var second = Configuration(new() { ["VALIDATOR_KEY_FILE"] = Path.Combine(_home, "second.key") });

        Assert.True(AgentSettings.TryRead(second, out var options, out var error), error);
        options.KeyFileLock!.Dispose();
        Assert.NotEqual(_first.PublicKey, options.PublicKey);
    }

    private IConfiguration Configuration(Dictionary<string, string?> values)
    {
        values.TryAdd("HOME", _home);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
