using System.Security.Cryptography;

namespace Uptime.Agent.Configuration;

/// <summary>Settings of one validator agent, read from environment variables at start.</summary>
/// <remarks>
/// | Variable                           | Default             | Meaning                                       |
/// | ---------------------------------- | ------------------- | --------------------------------------------- |
/// | HUB_URL                            | ws://localhost:8080 | Hub WebSocket URL (ws:// or wss://)           |
/// | VALIDATOR_PUBLIC_KEY               | random, per start   | Ethereum address identifying this validator   |
/// | VALIDATOR_LOCATION                 | Local Development   | Geographic location reported at registration  |
/// | AGENT_MAX_CONCURRENT_CHECKS        | 256                 | Website checks in flight at once              |
/// | AGENT_HEARTBEAT_INTERVAL_SECONDS   | 30                  | Seconds between HEARTBEAT messages            |
/// | AGENT_RECONNECT_DELAY_SECONDS      | 5                   | Seconds to wait before reconnecting           |
/// | AGENT_CHECK_TIMEOUT_SECONDS        | 10                  | Seconds before a check is reported Bad        |
/// Per-check log lines use the category <c>Uptime.Agent.Checks</c>; turn them down with
/// <c>Logging__LogLevel__Uptime.Agent.Checks=Warning</c>.
/// </remarks>
internal sealed class AgentOptions
{
    /// <summary>WebSocket URL of the hub.</summary>
    public string HubUrl { get; set; } = "ws://localhost:8080";

    /// <summary>Address identifying this validator; a random one when not configured.</summary>
    public string PublicKey { get; set; } = CreateRandomPublicKey();

    /// <summary>Geographic location reported to the hub.</summary>
    public string Location { get; set; } = "Local Development";

    /// <summary>Most website checks running at the same time.</summary>
    public int MaxConcurrentChecks { get; set; } = 256;

    /// <summary>Time between two heartbeats once registered.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after a dropped or failed connection before the next attempt.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a check may take before it is reported Bad.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private static string CreateRandomPublicKey() => "0x" + RandomNumberGenerator.GetHexString(40, lowercase: true);
}
