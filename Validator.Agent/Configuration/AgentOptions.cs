using System.Security.Cryptography.X509Certificates;
using Uptime.Agent.Keys;
using Uptime.Security;

namespace Uptime.Agent.Configuration;

/// <summary>Settings of one validator agent, read from environment variables at start.</summary>
/// <remarks>
/// | Variable                           | Default             | Meaning                                                  |
/// | ---------------------------------- | ------------------- | -------------------------------------------------------- |
/// | HUB_URL                            | ws://localhost:8080 | Hub WebSocket URL (ws:// or wss://), or a comma-separated |
/// |                                    |                     | list tried in order, one per (re)connect, wrapping around |
/// | VALIDATOR_PRIVATE_KEY              | unset               | secp256k1 private key (64 hex digits, 0x optional); the  |
/// |                                    |                     | validator's address is derived from it. Never logged     |
/// | VALIDATOR_PUBLIC_KEY               | the key's address   | The validator's address, sent at registration as set.    |
/// |                                    |                     | Without VALIDATOR_PRIVATE_KEY its key is looked for in   |
/// |                                    |                     | VALIDATOR_KEY_FILE, else ~/.config/uptime-validator/keys/|
/// |                                    |                     | (address) or the default key file (never created); with  |
/// |                                    |                     | none, REGISTER goes unsigned (see AgentKeyReader)        |
/// | VALIDATOR_KEY_FILE                 | $HOME/.config/      | Without either variable above: the key file, created     |
/// |                                    | uptime-validator/key| with a new key (mode 0600) on first run, reused, and     |
/// |                                    |                     | held by one agent at a time                              |
/// | VALIDATOR_TOKEN                    | unset               | Sent as "Authorization: Bearer …" on the WebSocket       |
/// |                                    |                     | upgrade (hub token mode). Never logged                   |
/// | AGENT_CA_FILE                      | unset               | PEM file of CA certificates trusted for wss:// in        |
/// |                                    |                     | addition to the system store                             |
/// | VALIDATOR_LOCATION                 | Local Development   | Geographic location reported at registration             |
/// | AGENT_MAX_CONCURRENT_CHECKS        | 256                 | Website checks in flight at once                         |
/// | AGENT_HEARTBEAT_INTERVAL_SECONDS   | 30                  | Seconds between HEARTBEAT messages                       |
/// | AGENT_RECONNECT_DELAY_SECONDS      | 5                   | Seconds to wait before reconnecting                      |
/// | AGENT_CHECK_TIMEOUT_SECONDS        | 10                  | Seconds before a check is reported Bad                   |
/// | ALLOW_PRIVATE_TARGETS              | false               | true: check loopback, private, link-local, metadata …    |
/// |                                    |                     | addresses too (otherwise refused when dialled)           |
/// | AGENT_MAX_REDIRECTS                | 5                   | Redirects a check follows (0–50); one more is Bad        |
/// | AGENT_MAX_RESPONSE_BYTES           | 1048576             | Most bytes of a response read (1024–1073741824); a check |
/// |                                    |                     | reads only the status line and headers, which may use at |
/// |                                    |                     | most min(this, 64 KiB)                                   |
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
    private string? _publicKey;

    /// <summary>WebSocket URL of the hub, or several separated by commas (see <see cref="HubUrls"/>).</summary>
    public string HubUrl { get; set; } = "ws://localhost:8080";

    /// <summary>
    /// The validator's private key, which signs registrations and ticks; null when only VALIDATOR_PUBLIC_KEY is known
    /// (see <see cref="KeySearch"/>).
    /// </summary>
    public ValidatorKey? Key { get; set; }

    /// <summary>Where <see cref="Key"/> came from, for messages: the variable or the key file (never the key itself).</summary>
    public string KeySource { get; set; } = AgentEnvironmentVariables.PrivateKey;

    /// <summary>The key file created at this start, if one was; null when the key was given or read.</summary>
    public string? CreatedKeyFile { get; set; }

    /// <summary>
    /// The open key file of an agent started without VALIDATOR_PUBLIC_KEY and VALIDATOR_PRIVATE_KEY, kept open for the
    /// agent's life: while it is, no other agent on this machine can use that file.
    /// </summary>
    public FileStream? KeyFileLock { get; set; }

    /// <summary>Where the key of VALIDATOR_PUBLIC_KEY is looked for before each registration while there is none; null when not given so.</summary>
    public KeyFileSearch? KeySearch { get; set; }

    /// <summary>
    /// The address sent at registration: VALIDATOR_PUBLIC_KEY as written when set (a key must have that address in any
    /// case; see <see cref="AgentOptionsValidator"/>), else the key's lowercase address.
    /// </summary>
    public string PublicKey
    {
        get => _publicKey ?? Key?.Address ?? throw new InvalidOperationException("Neither a public key nor a key is configured");
        set => _publicKey = value;
    }

    /// <summary>Bearer token sent on the WebSocket upgrade; null: none.</summary>
    public string? Token { get; set; }

    /// <summary>The file <see cref="TrustedCertificates"/> were read from; null: only the system store is trusted.</summary>
    public string? CaFile { get; set; }

    /// <summary>CA certificates trusted for wss:// in addition to the system store; empty: none.</summary>
    public X509Certificate2Collection TrustedCertificates { get; set; } = [];

    /// <summary>Whether checks may dial loopback, private, link-local and other refused addresses.</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Most redirects one check follows; a further redirect makes the check Bad.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Most bytes of a response a check reads (it reads the status line and headers only).</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

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
}
