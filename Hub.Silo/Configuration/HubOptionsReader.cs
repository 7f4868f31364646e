using System.Globalization;
using System.Net;

namespace Uptime.Hub.Configuration;

/// <summary>Reads <see cref="HubOptions"/> from environment variables; every bad value is a precise <see cref="FormatException"/>.</summary>
public static class HubOptionsReader
{
    public static HubOptions Read(Func<string, string?> env)
    {
        var options = new HubOptions();
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
        options.JsonLogs = LogFormat(env, "HUB_LOG_FORMAT", options.JsonLogs);
        return options;
    }

    private static bool LogFormat(Func<string, string?> env, string name, bool fallback)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "simple" => false,
            "json" => true,
            _ => throw new FormatException($"{name} must be \"simple\" or \"json\", got \"{value}\""),
        };
    }

    private static string Text(Func<string, string?> env, string name, string fallback)
    {
        var value = env(name);
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    private static int Port(Func<string, string?> env, string name, int fallback) => Integer(env, name, fallback, 1, 65535);

    private static TimeSpan Seconds(Func<string, string?> env, string name, TimeSpan fallback, int min, int max) =>
        TimeSpan.FromSeconds(Integer(env, name, (int)fallback.TotalSeconds, min, max));

    private static int Integer(Func<string, string?> env, string name, int fallback, int min, int max)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new FormatException($"{name} must be an integer between {min} and {max}, got \"{value}\"");
        }

        return number;
    }

    private static IPAddress? Ip(Func<string, string?> env, string name)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TryParseIp(value.Trim(), out var address)
            ? address
            : throw new FormatException($"{name} must be an IP address, got \"{value}\"");
    }

    /// <summary>Only full forms: IPAddress.TryParse alone would read "10" as 0.0.0.10.</summary>
    private static bool TryParseIp(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!) && (text.Contains(':') || text.Count(c => c == '.') == 3);

    private static IPAddress[] IpList(Func<string, string?> env, string name)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
            TryParseIp(item, out var address)
                ? address
                : throw new FormatException($"{name} must be a comma-separated list of IP addresses; \"{item}\" is not one"))];
    }
}
