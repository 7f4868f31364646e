using System.Collections;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Uptime.Hub.Access;
using Uptime.Hub.Canaries;
using Uptime.Hub.Certificates;
using Uptime.Hub.Database;
using Uptime.Hub.Hosting;
using Uptime.Hub.Maintenance;
using Uptime.Hub.Notifications;
using Uptime.Hub.Observability;
using Uptime.Hub.Ticks;
using Uptime.Hub.Validators;
using Uptime.Hub.Websites;
using Uptime.Settings;

namespace Uptime.Hub.Tests.Hosting;

public sealed class HubSettingsTests
{
    private const string DatabaseUrlValue = "postgresql://user:password@localhost:5432/uptime_db";

    [Fact]
    public void Read_OnlyDatabaseUrl_Defaults()
    {
        var variables = new Dictionary<string, string?> { ["DATABASE_URL"] = DatabaseUrlValue };
        var options = Read(variables);
        var retention = HubSettings.Read<RetentionOptions>(variables);

        Assert.Equal(8080, options.HttpPort);
        Assert.Equal(IPAddress.Any, options.ListenIp);
        Assert.Equal(DatabaseUrl.ToConnectionString(DatabaseUrlValue), HubSettings.Read<DatabaseOptions>(variables).ConnectionString);
        Assert.Equal("uptime", options.ClusterId);
        Assert.Equal(11111, options.SiloPort);
        Assert.Equal(30000, options.GatewayPort);
        Assert.Equal(IPAddress.Loopback, options.AdvertisedIp);
        Assert.Empty(options.TrustedProxies);
        Assert.Equal(TimeSpan.FromSeconds(60), options.HeartbeatTimeout);
        Assert.Equal(65536, HubSettings.Read<ValidatorSecurityOptions>(variables).MaxFrameBytes);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ReminderPeriod);
        Assert.Equal(TimeSpan.FromSeconds(60), HubSettings.Read<ObservabilityOptions>(variables).StatsInterval);
        Assert.Equal(TimeSpan.FromDays(14), retention.TickRetention);
        Assert.Equal(TimeSpan.FromHours(48), retention.MinuteRollupRetention);
        Assert.Equal(TimeSpan.FromDays(400), retention.HourRollupRetention);
        Assert.False(HubSettings.Read<WebsiteTargetsOptions>(variables).AllowPrivateTargets);
        Assert.Equal(ValidatorAuthMode.Signature, HubSettings.Read<ValidatorSecurityOptions>(variables).Auth);
        Assert.Null(HubSettings.Read<TlsOptions>(variables).Certificate);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_Environment_DevelopmentRelaxesValidatorAuth(bool development)
    {
        var options = HubSettings.Read<ValidatorSecurityOptions>(new() { ["DATABASE_URL"] = DatabaseUrlValue }, development);

        Assert.Equal(development ? ValidatorAuthMode.None : ValidatorAuthMode.Signature, options.Auth);
    }

    [Fact]
    public void Read_AllowPrivateTargets_ParsesBoolean()
    {
        Assert.True(HubSettings.Read<WebsiteTargetsOptions>(new() { ["DATABASE_URL"] = DatabaseUrlValue, ["ALLOW_PRIVATE_TARGETS"] = "TRUE" }).AllowPrivateTargets);
    }

    [Fact]
    public void Read_AllowPrivateTargetsNotBoolean_OptionsValidationExceptionNamesVariable()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            HubSettings.Read<WebsiteTargetsOptions>(new() { ["DATABASE_URL"] = DatabaseUrlValue, ["ALLOW_PRIVATE_TARGETS"] = "yes" }));

        Assert.Equal("ALLOW_PRIVATE_TARGETS must be \"true\" or \"false\", got \"yes\"", error.Message);
    }

    [Theory]
    [InlineData("HUB_RETENTION_TICKS_DAYS", "0", 1, 3650)]
    [InlineData("HUB_RETENTION_MINUTE_ROLLUPS_HOURS", "23", 24, 8760)]
    [InlineData("HUB_RETENTION_HOUR_ROLLUPS_DAYS", "29", 30, 3650)]
    public void Read_RetentionOutOfRange_OptionsValidationExceptionNamesVariable(string name, string value, int min, int max)
    {
        var error = Assert.Throws<OptionsValidationException>(() => HubSettings.Read<RetentionOptions>(new() { ["DATABASE_URL"] = DatabaseUrlValue, [name] = value }));

        Assert.Equal($"{name} must be an integer between {min} and {max}, got \"{value}\"", error.Message);
    }

    [Theory]
    [InlineData(null, 5)]
    [InlineData("1", 1)]
    [InlineData("300", 300)]
    public void Read_RosterRefresh_SecondsOrDefault(string? value, int seconds)
    {
        var options = HubSettings.Read<ValidatorRosterOptions>(new() { ["DATABASE_URL"] = DatabaseUrlValue, ["HUB_ROSTER_REFRESH_SECONDS"] = value });

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.RefreshPeriod);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    [InlineData("5s")]
    public void Read_RosterRefreshInvalid_OptionsValidationExceptionNamesVariable(string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            HubSettings.Read<ValidatorRosterOptions>(new() { ["DATABASE_URL"] = DatabaseUrlValue, ["HUB_ROSTER_REFRESH_SECONDS"] = value }));

        Assert.Equal($"HUB_ROSTER_REFRESH_SECONDS must be an integer between 1 and 300, got \"{value}\"", error.Message);
    }

    [Fact]
    public void Read_EveryVariableSet_EveryValueRead()
    {
        var variables = new Dictionary<string, string?>
        {
            ["HUB_PORT"] = "9090",
            ["HUB_LISTEN_IP"] = "127.0.0.2",
            ["DATABASE_URL"] = "postgres://hub:secret@db.internal:6543/uptime?sslmode=require",
            ["HUB_CLUSTER_ID"] = " uptime-eu ",
            ["HUB_SILO_PORT"] = "11112",
            ["HUB_GATEWAY_PORT"] = "30001",
            ["HUB_ADVERTISED_IP"] = "10.0.0.7",
            ["HUB_TRUSTED_PROXIES"] = "10.0.0.1, ::1 ,192.168.1.254,",
            ["HUB_HEARTBEAT_TIMEOUT_SECONDS"] = "90",
            ["HUB_MAX_FRAME_BYTES"] = "1048576",
            ["HUB_REMINDER_PERIOD_SECONDS"] = "15",
            ["HUB_STATS_INTERVAL_SECONDS"] = "5",
        };
        var options = Read(variables);

        Assert.Equal(9090, options.HttpPort);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), options.ListenIp);
        Assert.Equal(
            DatabaseUrl.ToConnectionString("postgres://hub:secret@db.internal:6543/uptime?sslmode=require"),
            HubSettings.Read<DatabaseOptions>(variables).ConnectionString);
        Assert.Equal("uptime-eu", options.ClusterId);
        Assert.Equal(11112, options.SiloPort);
        Assert.Equal(30001, options.GatewayPort);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), options.AdvertisedIp);
        Assert.Equal([IPAddress.Parse("10.0.0.1"), IPAddress.IPv6Loopback, IPAddress.Parse("192.168.1.254")], options.TrustedProxies);
        Assert.Equal(TimeSpan.FromSeconds(90), options.HeartbeatTimeout);
        Assert.Equal(1048576, HubSettings.Read<ValidatorSecurityOptions>(variables).MaxFrameBytes);
        Assert.Equal(TimeSpan.FromSeconds(15), options.ReminderPeriod);
        Assert.Equal(TimeSpan.FromSeconds(5), HubSettings.Read<ObservabilityOptions>(variables).StatsInterval);
    }

    [Fact]
    public void Read_BlankValues_Defaults()
    {
        var options = Read(new()
        {
            ["DATABASE_URL"] = DatabaseUrlValue,
            ["HUB_PORT"] = "",
            ["HUB_LISTEN_IP"] = " ",
            ["HUB_CLUSTER_ID"] = "  ",
            ["HUB_TRUSTED_PROXIES"] = "",
            ["HUB_HEARTBEAT_TIMEOUT_SECONDS"] = "\t",
        });

        Assert.Equal(8080, options.HttpPort);
        Assert.Equal(IPAddress.Any, options.ListenIp);
        Assert.Equal("uptime", options.ClusterId);
        Assert.Empty(options.TrustedProxies);
        Assert.Equal(TimeSpan.FromSeconds(60), options.HeartbeatTimeout);
    }

    /// <summary>
    /// A blank value means the default for every setting of every options class, as an unset one does (a shell's
    /// <c>HUB_TLS_CERT_PASSWORD=" "</c> or a compose file's <c>HUB_PORT=</c>).
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("\t")]
    public void Read_EveryVariableBlank_EverySettingDefaults(string blank)
    {
        var variables = _optionsTypes.SelectMany(EnvironmentSettings.VariablesOf).Distinct().ToDictionary(v => v, _ => (string?)blank);
        variables["DATABASE_URL"] = DatabaseUrlValue;

        foreach (var type in _optionsTypes.Where(t => t != typeof(DatabaseOptions)))
        {
            var read = typeof(HubSettings).GetMethod(nameof(HubSettings.Read))!.MakeGenericMethod(type).Invoke(null, [variables, false]);

            Assert.Equal(SettingValues(Activator.CreateInstance(type)!), SettingValues(read!));
        }
    }

    [Theory]
    [InlineData("HUB_PORT", "1")]
    [InlineData("HUB_PORT", "65535")]
    [InlineData("HUB_HEARTBEAT_TIMEOUT_SECONDS", "1")]
    [InlineData("HUB_HEARTBEAT_TIMEOUT_SECONDS", "3600")]
    [InlineData("HUB_MAX_FRAME_BYTES", "1024")]
    [InlineData("HUB_MAX_FRAME_BYTES", "16777216")]
    [InlineData("HUB_REMINDER_PERIOD_SECONDS", "5")]
    [InlineData("HUB_REMINDER_PERIOD_SECONDS", "3600")]
    [InlineData("HUB_STATS_INTERVAL_SECONDS", "1")]
    [InlineData("HUB_STATS_INTERVAL_SECONDS", "86400")]
    public void Read_ValueAtTheBoundary_Accepted(string name, string value)
    {
        var variables = new Dictionary<string, string?> { ["DATABASE_URL"] = DatabaseUrlValue, [name] = value };
        var options = Read(variables);

        var read = name switch
        {
            "HUB_PORT" => options.HttpPort,
            "HUB_HEARTBEAT_TIMEOUT_SECONDS" => (int)options.HeartbeatTimeout.TotalSeconds,
            "HUB_MAX_FRAME_BYTES" => HubSettings.Read<ValidatorSecurityOptions>(variables).MaxFrameBytes,
            "HUB_REMINDER_PERIOD_SECONDS" => (int)options.ReminderPeriod.TotalSeconds,
            _ => (int)HubSettings.Read<ObservabilityOptions>(variables).StatsInterval.TotalSeconds,
        };
        Assert.Equal(int.Parse(value, CultureInfo.InvariantCulture), read);
    }

    [Theory]
    [InlineData("HUB_PORT", "abc", 1, 65535)]
    [InlineData("HUB_PORT", "80.5", 1, 65535)]
    [InlineData("HUB_PORT", "0", 1, 65535)]
    [InlineData("HUB_PORT", "65536", 1, 65535)]
    [InlineData("HUB_PORT", "99999999999", 1, 65535)]
    [InlineData("HUB_SILO_PORT", "-1", 1, 65535)]
    [InlineData("HUB_GATEWAY_PORT", "70000", 1, 65535)]
    [InlineData("HUB_HEARTBEAT_TIMEOUT_SECONDS", "0", 1, 3600)]
    [InlineData("HUB_HEARTBEAT_TIMEOUT_SECONDS", "3601", 1, 3600)]
    [InlineData("HUB_HEARTBEAT_TIMEOUT_SECONDS", "60s", 1, 3600)]
    [InlineData("HUB_MAX_FRAME_BYTES", "1023", 1024, 16777216)]
    [InlineData("HUB_MAX_FRAME_BYTES", "16777217", 1024, 16777216)]
    [InlineData("HUB_MAX_FRAME_BYTES", "64k", 1024, 16777216)]
    [InlineData("HUB_REMINDER_PERIOD_SECONDS", "4", 5, 3600)]
    [InlineData("HUB_REMINDER_PERIOD_SECONDS", "3601", 5, 3600)]
    [InlineData("HUB_STATS_INTERVAL_SECONDS", "0", 1, 86400)]
    [InlineData("HUB_STATS_INTERVAL_SECONDS", "86401", 1, 86400)]
    public void Read_BadInteger_OptionsValidationExceptionNamesVariableRangeAndValue(string name, string value, int min, int max)
    {
        var variables = new Dictionary<string, string?> { ["DATABASE_URL"] = DatabaseUrlValue, [name] = value };
        var error = Assert.Throws<OptionsValidationException>(() => name switch
        {
            "HUB_MAX_FRAME_BYTES" => HubSettings.Read<ValidatorSecurityOptions>(variables),
            "HUB_STATS_INTERVAL_SECONDS" => HubSettings.Read<ObservabilityOptions>(variables),
            _ => (object)Read(variables),
        });

        Assert.Equal($"{name} must be an integer between {min} and {max}, got \"{value}\"", error.Message);
    }

    [Theory]
    [InlineData("HUB_LISTEN_IP", "localhost")]
    [InlineData("HUB_LISTEN_IP", "999.1.1.1")]
    [InlineData("HUB_ADVERTISED_IP", "hub.internal")]
    [InlineData("HUB_ADVERTISED_IP", "10.0.0.1:11111")]
    public void Read_BadIpAddress_OptionsValidationExceptionNamesVariableAndValue(string name, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { ["DATABASE_URL"] = DatabaseUrlValue, [name] = value }));

        Assert.Equal($"{name} must be an IP address, got \"{value}\"", error.Message);
    }

    [Theory]
    [InlineData("10.0.0.1, proxy.internal", "proxy.internal")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.0.0.1;10.0.0.2", "10.0.0.1;10.0.0.2")]
    public void Read_BadTrustedProxy_OptionsValidationExceptionNamesVariableAndItem(string value, string badItem)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Read(new() { ["DATABASE_URL"] = DatabaseUrlValue, ["HUB_TRUSTED_PROXIES"] = value }));

        Assert.Equal($"HUB_TRUSTED_PROXIES must be a comma-separated list of IP addresses; \"{badItem}\" is not one", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Read_DatabaseUrlMissing_OptionsValidationExceptionSaysNotSet(string? value)
    {
        var env = new Dictionary<string, string?> { ["HUB_PORT"] = "8080" };
        if (value is not null)
        {
            env["DATABASE_URL"] = value;
        }

        var error = Assert.Throws<OptionsValidationException>(() => HubSettings.Read<DatabaseOptions>(env));

        Assert.Equal("DATABASE_URL is not set (expected postgresql://user:password@host:port/database)", error.Message);
    }

    [Fact]
    public void Read_DatabaseUrlInvalid_OptionsValidationExceptionFromDatabaseUrl()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            HubSettings.Read<DatabaseOptions>(new() { ["DATABASE_URL"] = "postgresql://user:password@localhost:5432" }));

        Assert.Equal("DATABASE_URL names no database (expected postgresql://user:password@host:port/database)", error.Message);
    }

    [Fact]
    public void EveryOptionsType_MapsEachDocumentedVariableOnce()
    {
        var mapped = typeof(HubOptions).Assembly.GetTypes().SelectMany(EnvironmentSettings.VariablesOf);

        Assert.Equal(
            [
                "ALLOW_PRIVATE_TARGETS",
                "DATABASE_URL", "HUB_ADMIN_KEY_HASHES", "HUB_ADVERTISED_IP", "HUB_API_WRITES_PER_MINUTE",
                "HUB_CANARY_INTERVAL_SECONDS", "HUB_CANARY_URLS", "HUB_CERT_WARN_DAYS", "HUB_CLUSTER_ID", "HUB_CONFIRMATIONS_PER_SECOND", "HUB_CONFIRMATION_VALIDATORS", "HUB_CORS_ORIGINS",
                "HUB_GATEWAY_PORT", "HUB_HEARTBEAT_TIMEOUT_SECONDS", "HUB_LISTEN_IP",
                "HUB_LOG_FORMAT", "HUB_MAINTENANCE_REFRESH_SECONDS", "HUB_MAX_CONNECTIONS_PER_IP", "HUB_MAX_FRAME_BYTES", "HUB_MAX_MESSAGES_PER_SECOND",
                "HUB_MEMBERSHIP_MISSED_PROBES", "HUB_MEMBERSHIP_PROBE_TIMEOUT_SECONDS", "HUB_NOTIFY_GIVE_UP_HOURS", "HUB_NOTIFY_GROUP_SECONDS",
                "HUB_NOTIFY_RETRY_SECONDS", "HUB_PORT", "HUB_PUBLIC_URL", "HUB_READ_ACCESS",
                "HUB_REGISTRATIONS_PER_IP_PER_MINUTE", "HUB_REGISTRATION_TIMEOUT_SECONDS", "HUB_REMINDER_PERIOD_SECONDS", "HUB_RETENTION_HOUR_ROLLUPS_DAYS",
                "HUB_RETENTION_MINUTE_ROLLUPS_HOURS", "HUB_RETENTION_TICKS_DAYS", "HUB_ROSTER_REFRESH_SECONDS", "HUB_SESSION_HOURS", "HUB_SILO_PORT",
                "HUB_STATS_INTERVAL_SECONDS", "HUB_TLS_CERT_FILE", "HUB_TLS_CERT_PASSWORD", "HUB_TLS_KEY_FILE",
                "HUB_TRUSTED_PROXIES", "HUB_VALIDATOR_ENROLLMENT", "HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS", "REQUIRE_SIGNED_TICKS", "VALIDATOR_AUTH", "VALIDATOR_TOKEN_HASHES",
            ],
            mapped.Order(StringComparer.Ordinal));
    }

    /// <summary>Every options class the hub binds from the environment.</summary>
    private static readonly Type[] _optionsTypes =
    [
        typeof(HubOptions), typeof(TlsOptions), typeof(DatabaseOptions), typeof(ApiAccessOptions), typeof(ValidatorSecurityOptions),
        typeof(WebsiteTargetsOptions), typeof(RetentionOptions), typeof(ObservabilityOptions), typeof(MaintenanceOptions), typeof(CanaryOptions),
        typeof(ValidatorRosterOptions), typeof(NotificationOptions), typeof(CertificateWarningOptions),
    ];

    /// <summary>Each setting property of <paramref name="options"/> with its value as text (a list item by item).</summary>
    private static Dictionary<string, string> SettingValues(object options) =>
        options.GetType().GetProperties()
            .Where(p => p.GetCustomAttributes(typeof(SettingAttribute), inherit: true).Length > 0)
            .ToDictionary(p => p.Name, p => p.GetValue(options) switch
            {
                null => "(null)",
                string text => $"\"{text}\"",
                IEnumerable items => "[" + string.Join(", ", items.Cast<object>().Select(Text)) + "]",
                var value => Text(value),
            });

    private static string Text(object value) => value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)!;

    private static HubOptions Read(Dictionary<string, string?> variables) => HubSettings.Read<HubOptions>(variables);
}
