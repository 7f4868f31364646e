using System.Security.Cryptography.X509Certificates;
using Uptime.Agent.Keys;
using Uptime.Security;
using Uptime.Settings;

namespace Uptime.Agent.Configuration;

/// <summary>
/// Settings of one validator agent, each bound at start from the environment variable on its property
/// (<see cref="EnvironmentSettings"/>), then the key (<see cref="AgentKeyReader"/>) and the CA file
/// (<see cref="AgentCaFile"/>), validated by <see cref="AgentOptionsValidator"/>. The README's Configuration section
/// documents every variable.
/// </summary>
internal sealed class AgentOptions
{
    public const string HubUrlVariable = "HUB_URL";
    public const string PrivateKeyVariable = "VALIDATOR_PRIVATE_KEY";
    public const string PublicKeyVariable = "VALIDATOR_PUBLIC_KEY";
    public const string KeyFileVariable = "VALIDATOR_KEY_FILE";
    public const string CaFileVariable = "AGENT_CA_FILE";
    public const string LocationVariable = "VALIDATOR_LOCATION";
    public const string MaxRedirectsVariable = "AGENT_MAX_REDIRECTS";
    public const string MaxResponseBytesVariable = "AGENT_MAX_RESPONSE_BYTES";
    public const string MaxConcurrentChecksVariable = "AGENT_MAX_CONCURRENT_CHECKS";
    public const string MaxChecksPerHostVariable = "AGENT_MAX_CHECKS_PER_HOST";
    public const string HubSilenceTimeoutVariable = "AGENT_HUB_SILENCE_TIMEOUT_SECONDS";
    public const string HeartbeatIntervalVariable = "AGENT_HEARTBEAT_INTERVAL_SECONDS";
    public const string ReconnectDelayVariable = "AGENT_RECONNECT_DELAY_SECONDS";
    public const string CheckTimeoutVariable = "AGENT_CHECK_TIMEOUT_SECONDS";
    public const string MaxUnackedTicksVariable = "AGENT_MAX_UNACKED_TICKS";
    public const string TickAckTimeoutVariable = "AGENT_TICK_ACK_TIMEOUT_SECONDS";
    public const string StatsIntervalVariable = "AGENT_STATS_INTERVAL_SECONDS";
    public const string TickLogVariable = "AGENT_TICK_LOG";
    public const string ShutdownDrainVariable = "AGENT_SHUTDOWN_DRAIN_SECONDS";
    public const string TlsFullHandshakeVariable = "AGENT_TLS_FULL_HANDSHAKE_MINUTES";
    public const string WarmConnectionsVariable = "AGENT_WARM_CONNECTIONS";

    private string? _publicKey;

    /// <summary>WebSocket URL of the hub (ws:// or wss://), or several separated by commas (see <see cref="HubUrls"/>).</summary>
    [ConfigurationKeyName(HubUrlVariable), VerbatimSetting]
    public string HubUrl { get; set; } = "ws://localhost:8080";

    /// <summary>
    /// The validator's private key, which signs registrations and ticks; never logged. Null when only
    /// VALIDATOR_PUBLIC_KEY is known (see <see cref="KeySearch"/>).
    /// </summary>
    [ConfigurationKeyName(PrivateKeyVariable), PrivateKeySetting]
    public ValidatorKey? Key { get; set; }

    /// <summary>
    /// The address sent at registration: VALIDATOR_PUBLIC_KEY as written when set (a key must have that address in any
    /// case; see <see cref="AgentOptionsValidator"/>), else the key's lowercase address.
    /// </summary>
    [ConfigurationKeyName(PublicKeyVariable), VerbatimSetting]
    public string PublicKey
    {
        get => _publicKey ?? Key?.Address ?? throw new InvalidOperationException("Neither a public key nor a key is configured");
        set => _publicKey = value;
    }

    /// <summary>Whether <see cref="PublicKey"/> was given rather than taken from the key.</summary>
    public bool IsPublicKeyGiven => _publicKey is not null;

    /// <summary>
    /// Without a private key or a public key: the key file, created with a new key (mode 0600) on first run, reused, and
    /// held by one agent at a time; with only a public key: where its key is looked for first. Null: the default places.
    /// </summary>
    [ConfigurationKeyName(KeyFileVariable), TextSetting]
    public string? KeyFile { get; set; }

    /// <summary>Where <see cref="Key"/> came from, for messages: the variable or the key file (never the key itself).</summary>
    public string KeySource { get; set; } = PrivateKeyVariable;

    /// <summary>The key file created at this start, if one was; null when the key was given or read.</summary>
    public string? CreatedKeyFile { get; set; }

    /// <summary>
    /// The open key file of an agent started without VALIDATOR_PUBLIC_KEY and VALIDATOR_PRIVATE_KEY, kept open for the
    /// agent's life: while it is, no other agent on this machine can use that file.
    /// </summary>
    public FileStream? KeyFileLock { get; set; }

    /// <summary>Where the key of VALIDATOR_PUBLIC_KEY is looked for before each registration while there is none; null when not given so.</summary>
    public KeyFileSearch? KeySearch { get; set; }

    /// <summary>Bearer token sent on the WebSocket upgrade (hub token mode); never logged. Null: none.</summary>
    [ConfigurationKeyName("VALIDATOR_TOKEN"), VerbatimSetting]
    public string? Token { get; set; }

    /// <summary>
    /// A PEM file of CA certificates trusted for wss:// and for https:// check targets in addition to the system store
    /// (<see cref="TrustedCertificates"/>); null: only the system store is trusted.
    /// </summary>
    [ConfigurationKeyName(CaFileVariable), VerbatimSetting]
    public string? CaFile { get; set; }

    /// <summary>CA certificates trusted for wss:// and https:// check targets in addition to the system store; empty: none.</summary>
    public X509Certificate2Collection TrustedCertificates { get; set; } = [];

    /// <summary>Whether checks may dial loopback, private, link-local, metadata and other refused addresses.</summary>
    [ConfigurationKeyName("ALLOW_PRIVATE_TARGETS"), BooleanSetting]
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Most redirects a plain check follows (a check definition has its own); a further redirect makes the check Bad.</summary>
    [ConfigurationKeyName(MaxRedirectsVariable), WholeNumberSetting(AgentOptionsValidator.MinRedirects, AgentOptionsValidator.MaxRedirects)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Most bytes of a response body a check reads (only for assertions); headers are read up to min(this, 64 KiB).</summary>
    [ConfigurationKeyName(MaxResponseBytesVariable), WholeNumberSetting(AgentOptionsValidator.MinResponseBytes, AgentOptionsValidator.MaxResponseBytes)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Geographic location reported to the hub.</summary>
    [ConfigurationKeyName(LocationVariable), VerbatimSetting]
    public string Location { get; set; } = "Local Development";

    /// <summary>Most website checks running at the same time.</summary>
    [ConfigurationKeyName(MaxConcurrentChecksVariable), PositiveWholeNumberSetting]
    public int MaxConcurrentChecks { get; set; } = 256;

    /// <summary>Most checks of one target host (its URL's host and port) running at the same time; the others wait in order.</summary>
    [ConfigurationKeyName(MaxChecksPerHostVariable), PositiveWholeNumberSetting]
    public int MaxChecksPerHost { get; set; } = 2;

    /// <summary>
    /// Longest the hub may stay silent, a WebSocket ping unanswered included, before the agent drops the connection
    /// and connects again (see <see cref="Hub.HubConnectionService"/>).
    /// </summary>
    [ConfigurationKeyName(HubSilenceTimeoutVariable), SecondsSetting]
    public TimeSpan HubSilenceTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between two heartbeats once registered (spec: 30 s).</summary>
    [ConfigurationKeyName(HeartbeatIntervalVariable), SecondsSetting]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after a dropped or failed connection before the next attempt (spec: 5 s).</summary>
    [ConfigurationKeyName(ReconnectDelayVariable), SecondsSetting]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a plain check may take before it is reported Bad (spec: 10 s); a check definition has its own.</summary>
    [ConfigurationKeyName(CheckTimeoutVariable), SecondsSetting]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most ticks kept while the hub has not acknowledged them; past it the oldest is dropped (and counted).</summary>
    [ConfigurationKeyName(MaxUnackedTicksVariable), PositiveWholeNumberSetting]
    public int MaxUnackedTicks { get; set; } = 100_000;

    /// <summary>How long a sent tick may stay unacknowledged before it is sent again on the same connection.</summary>
    [ConfigurationKeyName(TickAckTimeoutVariable), SecondsSetting]
    public TimeSpan TickAckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Period of the tick counters log line.</summary>
    [ConfigurationKeyName(StatsIntervalVariable), SecondsSetting]
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>File every produced tick is appended to as one line; null: no such file.</summary>
    [ConfigurationKeyName(TickLogVariable), VerbatimSetting]
    public string? TickLogPath { get; set; }

    /// <summary>At stop, the longest wait for the hub to acknowledge pending ticks; zero: no wait.</summary>
    [ConfigurationKeyName(ShutdownDrainVariable), SecondsSetting(AllowZero = true)]
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest time between two full TLS handshakes (full certificate validation, certificate facts) with one target
    /// host; between them a check may resume the host's TLS session. Zero: every handshake is full.
    /// </summary>
    [ConfigurationKeyName(TlsFullHandshakeVariable), WholeNumberSetting(0, AgentOptionsValidator.MaxTlsFullHandshakeMinutes)]
    public int TlsFullHandshakeMinutes { get; set; } = 60;

    /// <summary><see cref="TlsFullHandshakeMinutes"/> as a time span.</summary>
    public TimeSpan TlsFullHandshakeInterval => TimeSpan.FromMinutes(TlsFullHandshakeMinutes);

    /// <summary>
    /// Most warm connections (one per target of checks whose definition says <c>"connection": "warm"</c>) open at once;
    /// a warm check of a further target runs on a fresh connection.
    /// </summary>
    [ConfigurationKeyName(WarmConnectionsVariable), WholeNumberSetting(1, AgentOptionsValidator.MaxWarmConnections)]
    public int WarmConnections { get; set; } = 1000;

    /// <summary>The items of <see cref="HubUrl"/>, split at commas and trimmed, in order.</summary>
    public IReadOnlyList<string> HubUrls => HubUrl.Split(',', StringSplitOptions.TrimEntries);
}
