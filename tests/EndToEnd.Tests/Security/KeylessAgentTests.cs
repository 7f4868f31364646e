using Uptime.Agent.Keys;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Security;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// The spec's validator example (VALIDATOR_PUBLIC_KEY and VALIDATOR_LOCATION, no key) against a hub that demands signed
/// registrations: the agent says once what to do and keeps trying, and registers as soon as its key is where it looks.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class KeylessAgentTests(SignatureAuthHubFixture fixture) : IClassFixture<SignatureAuthHubFixture>, IDisposable
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

    private readonly string _home = Directory.CreateTempSubdirectory("uptime-e2e-home-").FullName;

    private HubProcess Hub => fixture.Hub;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task AgentWithoutItsKey_SaysOnceWhatToDoAndKeepsTrying_RegistersOnceTheKeyIsWhereItLooks()
    {
        var key = ValidatorKey.Generate();
        var keyFile = Path.Combine(_home, ".config", "uptime-validator", "keys", key.Address);
        var overrides = new Dictionary<string, string?> { ["AGENT_RECONNECT_DELAY_SECONDS"] = "1" };
        await using var agent = AgentProcess.StartWithPublicKeyOnly(Hub, key.Address, "US-West California", _home, overrides);

        await Eventually.UntilAsync(
            () => Task.FromResult(agent.Process.Output),
            output => CountLines(output, "🔌 Connecting to hub at ") >= 3 || agent.Process.HasExited,
            _timeout,
            _ => $"the agent did not try three times{agent.Diagnostics}");

        Assert.False(agent.Process.HasExited, $"the agent exited{agent.Diagnostics}");
        var advice = Assert.Single(agent.Process.Output.Split('\n'), line => line.Contains("has no private key for", StringComparison.Ordinal));
        Assert.EndsWith(
            $"fail: Uptime.Agent.Hub.HubConnectionService[212] ❌ The hub requires a signed registration and this agent has no private key for "
            + $"{key.Address}: set VALIDATOR_PRIVATE_KEY to its key, or put the key in {keyFile}. Retrying with back-off, next in 1s",
            advice);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_home, "*", SearchOption.AllDirectories));
        Assert.Null(await Hub.Database.ValidatorAsync(key.Address));

        ValidatorKeyFile.Write(keyFile, key);

        await Hub.WaitForOnlineAsync(key.Address, _timeout, () => agent.Diagnostics);

        // The agent logs the line before it registers, but its output reaches this process through a pipe, maybe after the row.
        var found = $"🔑 Found the key of {key.Address} in {keyFile}: registrations are signed from now on";
        await Eventually.UntilAsync(
            () => Task.FromResult(agent.Process.Output),
            output => output.Contains(found, StringComparison.Ordinal),
            _timeout,
            _ => $"the agent did not log \"{found}\"{agent.Diagnostics}");
    }

    private static int CountLines(string output, string text) =>
        output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
}
