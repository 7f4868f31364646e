using System.Net;
using Uptime.Hub.Access;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Hosting;

/// <summary>
/// Hub settings, read from environment variables (names in <see cref="HubOptionsReader"/>). Spec names:
/// <c>HUB_PORT</c>, <c>DATABASE_URL</c>; the rest are ours.
/// </summary>
public sealed class HubOptions
{
    /// <summary>
    /// The hosting environment is Development (<c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c>); it relaxes
    /// the security defaults, never silently.
    /// </summary>
    public bool IsDevelopment { get; set; }

    /// <summary>HTTP/WebSocket port (<c>HUB_PORT</c>, spec default 8080).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address Kestrel listens on (<c>HUB_LISTEN_IP</c>; 0.0.0.0 = every interface).</summary>
    public IPAddress ListenIp { get; set; } = IPAddress.Any;

    /// <summary>Npgsql connection string derived from <c>DATABASE_URL</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Orleans cluster id (<c>HUB_CLUSTER_ID</c>); silos with the same id and database form one cluster.</summary>
    public string ClusterId { get; set; } = "uptime";

    /// <summary>Orleans silo-to-silo port (<c>HUB_SILO_PORT</c>).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (<c>HUB_GATEWAY_PORT</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at (<c>HUB_ADVERTISED_IP</c>).</summary>
    public IPAddress AdvertisedIp { get; set; } = IPAddress.Loopback;

    /// <summary>Proxies whose X-Forwarded-For is believed (<c>HUB_TRUSTED_PROXIES</c>, comma-separated IPs).</summary>
    public IReadOnlyList<IPAddress> TrustedProxies { get; set; } = [];

    /// <summary>Silence after which a validator is evicted (<c>HUB_HEARTBEAT_TIMEOUT_SECONDS</c>, spec: 60).</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest accepted WebSocket frame (<c>HUB_MAX_FRAME_BYTES</c>); larger closes with 1008.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Period of the reminder that brings an online validator's grain back after a restart or a silo's death, and of
    /// the website keeper's backstop sweep (<c>HUB_REMINDER_PERIOD_SECONDS</c>); Orleans' own minimum is lowered to match.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a silo waits for a membership probe answer (<c>HUB_MEMBERSHIP_PROBE_TIMEOUT_SECONDS</c>).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo suspects another (<c>HUB_MEMBERSHIP_MISSED_PROBES</c>); with the timeout it sets how fast a dead silo is declared dead.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Raw ticks older than this are deleted (<c>HUB_RETENTION_TICKS_DAYS</c>).</summary>
    public TimeSpan TickRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Minute rollups older than this are deleted (<c>HUB_RETENTION_MINUTE_ROLLUPS_HOURS</c>); the 1 h and 24 h windows need 24 h.</summary>
    public TimeSpan MinuteRollupRetention { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Hour rollups and status changes older than this are deleted (<c>HUB_RETENTION_HOUR_ROLLUPS_DAYS</c>); the 30 d window needs 30 d.</summary>
    public TimeSpan HourRollupRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How often the stats line is logged (<c>HUB_STATS_INTERVAL_SECONDS</c>, spec: 60).</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Console logs as one JSON object per line (<c>HUB_LOG_FORMAT=json</c>) instead of simple single lines.</summary>
    public bool JsonLogs { get; set; }

    /// <summary>
    /// Accept website URLs on loopback, private, link-local and other internal addresses (<c>ALLOW_PRIVATE_TARGETS=true</c>);
    /// off by default so the API cannot be used to probe the hub's own network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>REST and dashboard access: admin keys, read access, CORS, sessions, write limits (see <see cref="ApiAccessOptions"/>).</summary>
    public ApiAccessOptions ApiAccess { get; set; } = new();

    /// <summary>Validator authentication, gateway rate limits and the TLS certificate (see <see cref="ValidatorSecurityOptions"/>).</summary>
    public ValidatorSecurityOptions ValidatorSecurity { get; set; } = new();
}
