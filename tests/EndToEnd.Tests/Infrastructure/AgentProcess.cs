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
        var publicKey = validatorKey.Address;
        var environment = new Dictionary<string, string?>
        {
            ["HUB_URL"] = hub.WebSocketAddress.ToString(),
            ["VALIDATOR_PRIVATE_KEY"] = validatorKey.ToHex(),
            ["VALIDATOR_LOCATION"] = location,
            ["AGENT_RECONNECT_DELAY_SECONDS"] = "1",
            ["ALLOW_PRIVATE_TARGETS"] = "true",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return new AgentProcess(ChildProcess.Start("agent " + location, RepositoryLayout.AgentDll, environment), publicKey, location);
    }

    public Task KillAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
