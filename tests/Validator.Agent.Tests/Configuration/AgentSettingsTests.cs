using Microsoft.Extensions.Configuration;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Security;
using Uptime.Settings;

namespace Uptime.Agent.Tests.Configuration;

public sealed class AgentSettingsTests
{
    private static readonly ValidatorKey _key = ValidatorKey.Generate();

    [Fact]
    public void TryRead_NothingSet_UsesSpecDefaults()
    {
        var options = Read([]);

        Assert.Equal("ws://localhost:8080", options.HubUrl);
        Assert.Equal("Local Development", options.Location);
        Assert.Equal(256, options.MaxConcurrentChecks);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CheckTimeout);
    }

    [Fact]
    public void TryRead_NothingSet_UsesSecurityDefaults()
    {
        var options = Read([]);

        Assert.Equal(_key.Address, options.PublicKey);
        Assert.Null(options.Token);
        Assert.Null(options.CaFile);
        Assert.Empty(options.TrustedCertificates);
        Assert.False(options.AllowPrivateTargets);
        Assert.Equal(5, options.MaxRedirects);
        Assert.Equal(1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(1000, options.WarmConnections);
    }

    [Fact]
    public void TryRead_SecurityVariablesSet_MapsEachVariable()
    {
        var options = Read(new()
        {
            ["VALIDATOR_TOKEN"] = "s3cret",
            ["ALLOW_PRIVATE_TARGETS"] = "TRUE",
            ["AGENT_MAX_REDIRECTS"] = "0",
            ["AGENT_MAX_RESPONSE_BYTES"] = "4096",
            ["AGENT_TLS_FULL_HANDSHAKE_MINUTES"] = "0",
            ["AGENT_WARM_CONNECTIONS"] = "7",
        });

        Assert.Equal("s3cret", options.Token);
        Assert.True(options.AllowPrivateTargets);
        Assert.Equal(0, options.MaxRedirects);
        Assert.Equal(4096, options.MaxResponseBytes);
        Assert.Equal(TimeSpan.Zero, options.TlsFullHandshakeInterval);
        Assert.Equal(7, options.WarmConnections);
    }

    [Theory]
    [InlineData("ALLOW_PRIVATE_TARGETS", "yes", "ALLOW_PRIVATE_TARGETS must be \"true\" or \"false\", got \"yes\"")]
    [InlineData("AGENT_MAX_REDIRECTS", "-1", "AGENT_MAX_REDIRECTS must be a whole number from 0 to 50, got \"-1\"")]
    [InlineData("AGENT_MAX_REDIRECTS", "51", "AGENT_MAX_REDIRECTS must be a whole number from 0 to 50, got \"51\"")]
    [InlineData("AGENT_MAX_REDIRECTS", "few", "AGENT_MAX_REDIRECTS must be a whole number from 0 to 50, got \"few\"")]
    [InlineData("AGENT_MAX_RESPONSE_BYTES", "1023", "AGENT_MAX_RESPONSE_BYTES must be a whole number from 1024 to 1073741824, got \"1023\"")]
    [InlineData("AGENT_TLS_FULL_HANDSHAKE_MINUTES", "-1", "AGENT_TLS_FULL_HANDSHAKE_MINUTES must be a whole number from 0 to 10080, got \"-1\"")]
    [InlineData("AGENT_TLS_FULL_HANDSHAKE_MINUTES", "1.5", "AGENT_TLS_FULL_HANDSHAKE_MINUTES must be a whole number from 0 to 10080, got \"1.5\"")]
    [InlineData("AGENT_WARM_CONNECTIONS", "0", "AGENT_WARM_CONNECTIONS must be a whole number from 1 to 100000, got \"0\"")]
    [InlineData("AGENT_WARM_CONNECTIONS", "100001", "AGENT_WARM_CONNECTIONS must be a whole number from 1 to 100000, got \"100001\"")]
    public void TryRead_BadSecurityValue_ReportsVariableAndProblem(string variable, string value, string expected) =>
        AssertRefused(variable, value, expected);

    [Fact]
    public void TryRead_EverythingSet_MapsEachVariable()
    {
        var options = Read(new()
        {
            ["HUB_URL"] = "wss://hub.example.com/ws",
            ["VALIDATOR_PUBLIC_KEY"] = _key.Address.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal),
            ["VALIDATOR_LOCATION"] = "US-East Virginia",
            ["AGENT_MAX_CONCURRENT_CHECKS"] = "32",
            ["AGENT_HEARTBEAT_INTERVAL_SECONDS"] = "15",
            ["AGENT_RECONNECT_DELAY_SECONDS"] = "0.5",
            ["AGENT_CHECK_TIMEOUT_SECONDS"] = "3",
        });

        Assert.Equal("wss://hub.example.com/ws", options.HubUrl);
        Assert.Equal(_key.Address.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), options.PublicKey);
        Assert.Equal("US-East Virginia", options.Location);
        Assert.Equal(32, options.MaxConcurrentChecks);
        Assert.Equal(TimeSpan.FromSeconds(15), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.CheckTimeout);
    }

    [Theory]
    [InlineData("HUB_URL", "http://localhost:8080", "HUB_URL must be an absolute ws:// or wss:// URL, got \"http://localhost:8080\"")]
    [InlineData("HUB_URL", "localhost:8080", "HUB_URL must be an absolute ws:// or wss:// URL, got \"localhost:8080\"")]
    [InlineData("VALIDATOR_PUBLIC_KEY", "0x742d35", "VALIDATOR_PUBLIC_KEY must be 0x followed by 40 hex digits (a 20-byte address), got \"0x742d35\"")]
    [InlineData("VALIDATOR_PUBLIC_KEY", "0xZZ2d35Cc6634C0532925a3b844Bc9e7595f0bEb1", "VALIDATOR_PUBLIC_KEY must be 0x followed by 40 hex digits (a 20-byte address), got \"0xZZ2d35Cc6634C0532925a3b844Bc9e7595f0bEb1\"")]
    [InlineData("AGENT_MAX_CONCURRENT_CHECKS", "0", "AGENT_MAX_CONCURRENT_CHECKS must be a positive whole number, got \"0\"")]
    [InlineData("AGENT_MAX_CONCURRENT_CHECKS", "-3", "AGENT_MAX_CONCURRENT_CHECKS must be a positive whole number, got \"-3\"")]
    [InlineData("AGENT_MAX_CONCURRENT_CHECKS", "many", "AGENT_MAX_CONCURRENT_CHECKS must be a positive whole number, got \"many\"")]
    [InlineData("AGENT_HEARTBEAT_INTERVAL_SECONDS", "0", "AGENT_HEARTBEAT_INTERVAL_SECONDS must be a positive number of seconds (at most 86400), got \"0\"")]
    [InlineData("AGENT_RECONNECT_DELAY_SECONDS", "-5", "AGENT_RECONNECT_DELAY_SECONDS must be a positive number of seconds (at most 86400), got \"-5\"")]
    [InlineData("AGENT_CHECK_TIMEOUT_SECONDS", "ten", "AGENT_CHECK_TIMEOUT_SECONDS must be a positive number of seconds (at most 86400), got \"ten\"")]
    [InlineData("AGENT_CHECK_TIMEOUT_SECONDS", "NaN", "AGENT_CHECK_TIMEOUT_SECONDS must be a positive number of seconds (at most 86400), got \"NaN\"")]
    [InlineData("AGENT_CHECK_TIMEOUT_SECONDS", "1e300", "AGENT_CHECK_TIMEOUT_SECONDS must be a positive number of seconds (at most 86400), got \"1e300\"")]
    public void TryRead_BadValue_ReportsVariableAndProblem(string variable, string value, string expected) =>
        AssertRefused(variable, value, expected);

    [Fact]
    public void TryRead_NothingSet_UsesTickDeliveryDefaults()
    {
        var options = Read([]);

        Assert.Equal(100_000, options.MaxUnackedTicks);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TickAckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.StatsInterval);
        Assert.Null(options.TickLogPath);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownDrainTimeout);
        Assert.Equal(["ws://localhost:8080"], options.HubUrls);
    }

    [Fact]
    public void TryRead_TickDeliveryVariablesSet_MapsEachVariable()
    {
        var tickLog = Path.Combine(Path.GetTempPath(), "ticks.log");
        var options = Read(new()
        {
            ["AGENT_MAX_UNACKED_TICKS"] = "500",
            ["AGENT_TICK_ACK_TIMEOUT_SECONDS"] = "1.5",
            ["AGENT_STATS_INTERVAL_SECONDS"] = "10",
            ["AGENT_TICK_LOG"] = tickLog,
            ["AGENT_SHUTDOWN_DRAIN_SECONDS"] = "0",
        });

        Assert.Equal(500, options.MaxUnackedTicks);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.TickAckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StatsInterval);
        Assert.Equal(tickLog, options.TickLogPath);
        Assert.Equal(TimeSpan.Zero, options.ShutdownDrainTimeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void TryRead_EveryVariableBlank_Defaults(string blank)
    {
        var values = AgentOptionsVariables().ToDictionary(variable => variable, _ => (string?)blank);
        values["VALIDATOR_PRIVATE_KEY"] = _key.ToHex();

        var options = Read(values);

        Assert.Equal("ws://localhost:8080", options.HubUrl);
        Assert.Equal(_key.Address, options.PublicKey);
        Assert.False(options.IsPublicKeyGiven);
        Assert.Null(options.KeyFile);
        Assert.Null(options.Token);
        Assert.Null(options.CaFile);
        Assert.False(options.AllowPrivateTargets);
        Assert.Equal(5, options.MaxRedirects);
        Assert.Equal(1024 * 1024, options.MaxResponseBytes);
        Assert.Equal("Local Development", options.Location);
        Assert.Equal(256, options.MaxConcurrentChecks);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CheckTimeout);
        Assert.Equal(100_000, options.MaxUnackedTicks);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TickAckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.StatsInterval);
        Assert.Null(options.TickLogPath);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownDrainTimeout);
    }

    [Fact]
    public void TryRead_HubUrlList_SplitsAndTrimsInOrder()
    {
        var options = Read(new() { ["HUB_URL"] = "ws://hub-a:8080, wss://hub-b.example.com/ws ,ws://10.0.0.3:8081" });

        Assert.Equal(["ws://hub-a:8080", "wss://hub-b.example.com/ws", "ws://10.0.0.3:8081"], options.HubUrls);
    }

    [Theory]
    [InlineData("ws://a:8080,http://b:8080", "HUB_URL item 2 of 2 must be an absolute ws:// or wss:// URL, got \"http://b:8080\"")]
    [InlineData("ftp://a,ws://b:8080", "HUB_URL item 1 of 2 must be an absolute ws:// or wss:// URL, got \"ftp://a\"")]
    [InlineData("ws://a:8080,,ws://c:8080", "HUB_URL item 2 of 3 must be an absolute ws:// or wss:// URL, got \"\"")]
    [InlineData("ws://a:8080,", "HUB_URL item 2 of 2 must be an absolute ws:// or wss:// URL, got \"\"")]
    [InlineData("ws://a:8080, b:8080 ", "HUB_URL item 2 of 2 must be an absolute ws:// or wss:// URL, got \"b:8080\"")]
    public void TryRead_BadHubUrlListItem_NamesTheItem(string value, string expected) =>
        AssertRefused("HUB_URL", value, expected);

    [Theory]
    [InlineData("AGENT_MAX_UNACKED_TICKS", "0", "AGENT_MAX_UNACKED_TICKS must be a positive whole number, got \"0\"")]
    [InlineData("AGENT_MAX_UNACKED_TICKS", "lots", "AGENT_MAX_UNACKED_TICKS must be a positive whole number, got \"lots\"")]
    [InlineData("AGENT_TICK_ACK_TIMEOUT_SECONDS", "0", "AGENT_TICK_ACK_TIMEOUT_SECONDS must be a positive number of seconds (at most 86400), got \"0\"")]
    [InlineData("AGENT_STATS_INTERVAL_SECONDS", "-1", "AGENT_STATS_INTERVAL_SECONDS must be a positive number of seconds (at most 86400), got \"-1\"")]
    [InlineData("AGENT_SHUTDOWN_DRAIN_SECONDS", "-1", "AGENT_SHUTDOWN_DRAIN_SECONDS must be a number of seconds from 0 to 86400, got \"-1\"")]
    [InlineData("AGENT_SHUTDOWN_DRAIN_SECONDS", "soon", "AGENT_SHUTDOWN_DRAIN_SECONDS must be a number of seconds from 0 to 86400, got \"soon\"")]
    public void TryRead_BadTickDeliveryValue_ReportsVariableAndProblem(string variable, string value, string expected) =>
        AssertRefused(variable, value, expected);

    [Fact]
    public void TryRead_TickLogInMissingDirectory_ReportsDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}");
        var path = Path.Combine(directory, "ticks.log");

        AssertRefused("AGENT_TICK_LOG", path, $"AGENT_TICK_LOG must be in an existing directory, got \"{path}\" (no directory \"{directory}\")");
    }

    [Fact]
    public void TryRead_TickLogIsDirectory_ReportsIt()
    {
        var directory = Path.GetTempPath();

        AssertRefused("AGENT_TICK_LOG", directory, $"AGENT_TICK_LOG must be a file path, not a directory, got \"{directory}\"");
    }

    [Fact]
    public void Validate_LocationLongerThanHubAccepts_ReportsLimit()
    {
        var error = AgentOptionsValidator.Validate(new AgentOptions { Key = _key, Location = new string('x', 129) });

        Assert.Equal("VALIDATOR_LOCATION must be at most 128 characters, got 129", error);
    }

    [Fact]
    public void Validate_ZeroReconnectDelay_ReportsVariable()
    {
        var error = AgentOptionsValidator.Validate(new AgentOptions { Key = _key, ReconnectDelay = TimeSpan.Zero });

        Assert.Equal("AGENT_RECONNECT_DELAY_SECONDS must be a positive number of seconds (at most 86400), got \"0\"", error);
    }

    [Fact]
    public void TryRead_NothingSet_UsesGrayFailureDefaults()
    {
        var options = Read([]);

        Assert.Equal(2, options.MaxChecksPerHost);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HubSilenceTimeout);
    }

    [Fact]
    public void TryRead_GrayFailureVariablesSet_MapsEachVariable()
    {
        var options = Read(new() { ["AGENT_MAX_CHECKS_PER_HOST"] = "5", ["AGENT_HUB_SILENCE_TIMEOUT_SECONDS"] = "2.5" });

        Assert.Equal(5, options.MaxChecksPerHost);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.HubSilenceTimeout);
    }

    [Theory]
    [InlineData("AGENT_MAX_CHECKS_PER_HOST", "0", "AGENT_MAX_CHECKS_PER_HOST must be a positive whole number, got \"0\"")]
    [InlineData("AGENT_HUB_SILENCE_TIMEOUT_SECONDS", "0", "AGENT_HUB_SILENCE_TIMEOUT_SECONDS must be a positive number of seconds (at most 86400), got \"0\"")]
    public void TryRead_BadGrayFailureValue_ReportsVariableAndProblem(string variable, string value, string expected) =>
        AssertRefused(variable, value, expected);

    private static void AssertRefused(string variable, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("VALIDATOR_PRIVATE_KEY", _key.ToHex()), new(variable, value)])
            .Build();

        var read = AgentSettings.TryRead(configuration, out var options, out var error);

        Assert.False(read);
        Assert.Null(options);
        Assert.Equal(expected, error);
    }

    /// <summary>Every variable mapped onto <see cref="AgentOptions"/>, so a test of them all covers a setting added later.</summary>
    private static IEnumerable<string> AgentOptionsVariables() => EnvironmentSettings.VariablesOf(typeof(AgentOptions));

    /// <summary>Reads <paramref name="values"/>, with VALIDATOR_PRIVATE_KEY set to <see cref="_key"/> unless given (no key file is touched).</summary>
    private static AgentOptions Read(Dictionary<string, string?> values)
    {
        values.TryAdd("VALIDATOR_PRIVATE_KEY", _key.ToHex());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Assert.True(AgentSettings.TryRead(configuration, out var options, out var error), error);
        return options;
    }
}
