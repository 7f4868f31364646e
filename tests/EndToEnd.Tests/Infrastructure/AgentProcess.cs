using System.Security.Cryptography;
using Uptime.Security;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>The real validator agent (<c>dotnet Uptime.Validator.Agent.dll</c>) as a child process connected to a hub.</summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private AgentProcess(ChildProcess process, string publicKey, string location)
    {
        Process = process;
        PublicKey = publicKey;
        Location = location;
    }

    public ChildProcess Process { get; }

    public string PublicKey { get; }

    public string Location { get; }

    public string Diagnostics => Process.Describe();

    /// <summary>A new random validator address (0x and 40 hex digits) for raw clients that register unsigned.</summary>
    public static string NewPublicKey() => "0x" + RandomNumberGenerator.GetHexString(40, lowercase: true);

    public static AgentProcess Start(HubProcess hub, string location, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var validatorKey = ValidatorKey.Generate();
        var environment = new Dictionary<string, string?>
        {
            ["HUB_URL"] = hub.WebSocketAddress.ToString(),
            ["VALIDATOR_PRIVATE_KEY"] = validatorKey.ToHex(),
            ["VALIDATOR_LOCATION"] = location,
            ["AGENT_RECONNECT_DELAY_SECONDS"] = "1",
            ["ALLOW_PRIVATE_TARGETS"] = "true",
        };
        return Launch(validatorKey.Address, location, environment, overrides);
    }

    /// <summary>
    /// An agent started as the spec's "Multiple Validators" example starts one: HUB_URL, VALIDATOR_PUBLIC_KEY and
    /// VALIDATOR_LOCATION only, no key and the default reconnect delay; besides, ALLOW_PRIVATE_TARGETS for the test targets
    /// on 127.0.0.1 and HOME set to <paramref name="home"/>, where the agent looks for keys.
    /// </summary>
    public static AgentProcess StartWithPublicKeyOnly(
        HubProcess hub, string publicKey, string location, string home, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["HUB_URL"] = hub.WebSocketAddress.ToString(),
            ["VALIDATOR_PUBLIC_KEY"] = publicKey,
            ["VALIDATOR_LOCATION"] = location,
            ["ALLOW_PRIVATE_TARGETS"] = "true",
            ["HOME"] = home,
        };
        return Launch(publicKey, location, environment, overrides);
    }

    public Task KillAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static AgentProcess Launch(
        string publicKey, string location, Dictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return new AgentProcess(ChildProcess.Start("agent " + location, RepositoryLayout.AgentDll, environment), publicKey, location);
    }
}
