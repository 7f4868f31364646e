using Uptime.Hub.Access;
using Uptime.Hub.Database;
using Uptime.Hub.Validators;
using static Uptime.Hub.Hosting.EnvironmentValues;

namespace Uptime.Hub.Hosting;

/// <summary>Reads <see cref="HubOptions"/> from environment variables; every bad value is a precise <see cref="FormatException"/>.</summary>
public static class HubOptionsReader
{
    public static HubOptions Read(Func<string, string?> env)
    {
        var options = new HubOptions();
        options.IsDevelopment = string.Equals(
            env("ASPNETCORE_ENVIRONMENT") ?? env("DOTNET_ENVIRONMENT"), "Development", StringComparison.OrdinalIgnoreCase);
        options.HttpPort = Port(env, "HUB_PORT", options.HttpPort);
        options.ListenIp = Ip(env, "HUB_LISTEN_IP") ?? options.ListenIp;
        var databaseUrl = env("DATABASE_URL");
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            throw new FormatException("DATABASE_URL is not set (expected postgresql://user:password@host:port/database)");
        }

        options.ConnectionString = DatabaseUrl.ToConnectionString(databaseUrl);
        options.ClusterId = Text(env, "HUB_CLUSTER_ID", options.ClusterId);
        options.SiloPort = Port(env, "HUB_SILO_PORT", options.SiloPort);
        options.GatewayPort = Port(env, "HUB_GATEWAY_PORT", options.GatewayPort);
        options.AdvertisedIp = Ip(env, "HUB_ADVERTISED_IP") ?? options.AdvertisedIp;
        options.TrustedProxies = IpList(env, "HUB_TRUSTED_PROXIES");
        options.HeartbeatTimeout = Seconds(env, "HUB_HEARTBEAT_TIMEOUT_SECONDS", options.HeartbeatTimeout, 1, 3600);
        options.MaxFrameBytes = Integer(env, "HUB_MAX_FRAME_BYTES", options.MaxFrameBytes, 1024, 16 * 1024 * 1024);
        options.ReminderPeriod = Seconds(env, "HUB_REMINDER_PERIOD_SECONDS", options.ReminderPeriod, 5, 3600);
        options.ProbeTimeout = Seconds(env, "HUB_MEMBERSHIP_PROBE_TIMEOUT_SECONDS", options.ProbeTimeout, 1, 60);
        options.MissedProbesLimit = Integer(env, "HUB_MEMBERSHIP_MISSED_PROBES", options.MissedProbesLimit, 1, 10);
        options.TickRetention = TimeSpan.FromDays(Integer(env, "HUB_RETENTION_TICKS_DAYS", (int)options.TickRetention.TotalDays, 1, 3650));
        options.MinuteRollupRetention = TimeSpan.FromHours(
            Integer(env, "HUB_RETENTION_MINUTE_ROLLUPS_HOURS", (int)options.MinuteRollupRetention.TotalHours, 24, 24 * 365));
        options.HourRollupRetention = TimeSpan.FromDays(
            Integer(env, "HUB_RETENTION_HOUR_ROLLUPS_DAYS", (int)options.HourRollupRetention.TotalDays, 30, 3650));
        options.StatsInterval = Seconds(env, "HUB_STATS_INTERVAL_SECONDS", options.StatsInterval, 1, 86400);
        options.JsonLogs = Choice(env, "HUB_LOG_FORMAT", options.JsonLogs, ("simple", false), ("json", true));
        options.AllowPrivateTargets = Boolean(env, "ALLOW_PRIVATE_TARGETS", options.AllowPrivateTargets);
        options.ApiAccess = ApiAccessOptionsReader.Read(env);
        options.ValidatorSecurity = ValidatorSecurityOptionsReader.Read(env, options.IsDevelopment);
        return options;
    }
}
