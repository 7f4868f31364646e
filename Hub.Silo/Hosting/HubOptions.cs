using System.Net;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>
/// The process-wide settings of a silo: its ports and addresses, its cluster, and the timings Orleans runs with. Spec name:
/// <c>HUB_PORT</c>; the rest are ours. Each feature's own settings are in its folder (<c>…Options</c>).
/// </summary>
public sealed class HubOptions
{
    /// <summary>HTTP/WebSocket port (spec default 8080).</summary>
    [ConfigurationKeyName("HUB_PORT"), IntegerSetting(1, 65535)]
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address Kestrel listens on (0.0.0.0 = every interface).</summary>
    [ConfigurationKeyName("HUB_LISTEN_IP"), IpAddressSetting]
    public IPAddress ListenIp { get; set; } = IPAddress.Any;

    /// <summary>Orleans cluster id; silos with the same id and database form one cluster.</summary>
    [ConfigurationKeyName("HUB_CLUSTER_ID"), TextSetting]
    public string ClusterId { get; set; } = "uptime";

    /// <summary>Orleans silo-to-silo port.</summary>
    [ConfigurationKeyName("HUB_SILO_PORT"), IntegerSetting(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port.</summary>
    [ConfigurationKeyName("HUB_GATEWAY_PORT"), IntegerSetting(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at.</summary>
    [ConfigurationKeyName("HUB_ADVERTISED_IP"), IpAddressSetting]
    public IPAddress AdvertisedIp { get; set; } = IPAddress.Loopback;

    /// <summary>
    /// The URL the hub is reached at from outside (validators, browsers), through any proxy; null when not configured.
    /// The hub's own canary (<c>canary</c> under it) is checked only when it is known.
    /// </summary>
    [ConfigurationKeyName("HUB_PUBLIC_URL"), PublicUrlSetting]
    public Uri? PublicUrl { get; set; }

    /// <summary>Proxies whose X-Forwarded-For is believed (comma-separated IPs).</summary>
    [ConfigurationKeyName("HUB_TRUSTED_PROXIES"), IpAddressListSetting]
    public IReadOnlyList<IPAddress> TrustedProxies { get; set; } = [];

    /// <summary>Silence after which a validator is evicted (spec: 60 s).</summary>
    [ConfigurationKeyName("HUB_HEARTBEAT_TIMEOUT_SECONDS"), SecondsSetting(1, 3600)]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Period of the reminder that brings an online validator's grain back after a restart or a silo's death, and of
    /// the website keeper's backstop sweep; Orleans' own minimum is lowered to match.
    /// </summary>
    [ConfigurationKeyName("HUB_REMINDER_PERIOD_SECONDS"), SecondsSetting(5, 3600)]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a silo waits for a membership probe answer.</summary>
    [ConfigurationKeyName("HUB_MEMBERSHIP_PROBE_TIMEOUT_SECONDS"), SecondsSetting(1, 60)]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo suspects another; with the timeout it sets how fast a dead silo is declared dead.</summary>
    [ConfigurationKeyName("HUB_MEMBERSHIP_MISSED_PROBES"), IntegerSetting(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;
}
