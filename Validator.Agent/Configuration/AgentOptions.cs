using System.Security.Cryptography;

namespace Uptime.Agent.Configuration;

/// <summary>Settings of one validator agent, read from environment variables at start.</summary>
/// <remarks>
/// | Variable                           | Default             | Meaning                                                  |
/// | ---------------------------------- | ------------------- | -------------------------------------------------------- |
/// | HUB_URL                            | ws://localhost:8080 | Hub WebSocket URL (ws:// or wss://), or a comma-separated |
/// |                                    |                     | list tried in order, one per (re)connect, wrapping around |
/// | VALIDATOR_PUBLIC_KEY               | random, per start   | Ethereum address identifying this validator              |
/// | VALIDATOR_LOCATION                 | Local Development   | Geographic location reported at registration             |
/// | AGENT_MAX_CONCURRENT_CHECKS        | 256                 | Website checks in flight at once                         |
/// | AGENT_HEARTBEAT_INTERVAL_SECONDS   | 30                  | Seconds between HEARTBEAT messages                       |
/// | AGENT_RECONNECT_DELAY_SECONDS      | 5                   | Seconds to wait before reconnecting                      |
/// | AGENT_CHECK_TIMEOUT_SECONDS        | 10                  | Seconds before a check is reported Bad                   |
/// | AGENT_MAX_UNACKED_TICKS            | 100000              | Ticks kept until the hub acknowledges them (TICK_ACK);   |
/// |                                    |                     | past it the OLDEST is dropped and counted ("dropped")    |
/// | AGENT_TICK_ACK_TIMEOUT_SECONDS     | 30                  | A tick unacknowledged this long is sent again on the     |
/// |                                    |                     | same connection (at most once per period)                |
/// | AGENT_STATS_INTERVAL_SECONDS       | 60                  | Period of the "📊 Ticks produced …" log line             |
/// | AGENT_TICK_LOG                     | unset (off)         | File to append one line per produced tick to:            |
/// |                                    |                     | "tickId websiteId status" (flushed every second, at stop) |
/// | AGENT_SHUTDOWN_DRAIN_SECONDS       | 5                   | At stop, wait up to this long for the hub to acknowledge |
/// |                                    |                     | pending ticks before closing (0: do not wait)            |
/// Per-check log lines use the category <c>Uptime.Agent.Checks</c>; turn them down with
/// <c>Logging__LogLevel__Uptime.Agent.Checks=Warning</c>.
/// </remarks>
internal sealed class AgentOptions
{
    /// <summary>WebSocket URL of the hub, or several separated by commas (see <see cref="HubUrls"/>).</summary>
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

    /// <summary>Most ticks kept while the hub has not acknowledged them; past it the oldest is dropped.</summary>
    public int MaxUnackedTicks { get; set; } = 100_000;

    /// <summary>How long a sent tick may stay unacknowledged before it is sent again on the same connection.</summary>
    public TimeSpan TickAckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Period of the tick counters log line.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>File every produced tick is appended to as one line; null: no such file.</summary>
    public string? TickLogPath { get; set; }

    /// <summary>At stop, the longest wait for the hub to acknowledge pending ticks; zero: no wait.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The items of <see cref="HubUrl"/>, split at commas and trimmed, in order.</summary>
    public IReadOnlyList<string> HubUrls => HubUrl.Split(',', StringSplitOptions.TrimEntries);

    private static string CreateRandomPublicKey() => "0x" + RandomNumberGenerator.GetHexString(40, lowercase: true);
}
