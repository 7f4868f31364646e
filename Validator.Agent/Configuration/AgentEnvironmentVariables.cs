namespace Uptime.Agent.Configuration;

/// <summary>The environment variable names mapped onto <see cref="AgentOptions"/>.</summary>
internal static class AgentEnvironmentVariables
{
    public const string HubUrl = "HUB_URL";
    public const string PublicKey = "VALIDATOR_PUBLIC_KEY";
    public const string Location = "VALIDATOR_LOCATION";
    public const string MaxConcurrentChecks = "AGENT_MAX_CONCURRENT_CHECKS";
    public const string HeartbeatIntervalSeconds = "AGENT_HEARTBEAT_INTERVAL_SECONDS";
    public const string ReconnectDelaySeconds = "AGENT_RECONNECT_DELAY_SECONDS";
    public const string CheckTimeoutSeconds = "AGENT_CHECK_TIMEOUT_SECONDS";
    public const string MaxUnackedTicks = "AGENT_MAX_UNACKED_TICKS";
    public const string TickAckTimeoutSeconds = "AGENT_TICK_ACK_TIMEOUT_SECONDS";
    public const string StatsIntervalSeconds = "AGENT_STATS_INTERVAL_SECONDS";
    public const string TickLog = "AGENT_TICK_LOG";
    public const string ShutdownDrainSeconds = "AGENT_SHUTDOWN_DRAIN_SECONDS";
    public const string PrivateKey = "VALIDATOR_PRIVATE_KEY";
    public const string KeyFile = "VALIDATOR_KEY_FILE";
    public const string Token = "VALIDATOR_TOKEN";
    public const string CaFile = "AGENT_CA_FILE";
    public const string AllowPrivateTargets = "ALLOW_PRIVATE_TARGETS";
    public const string MaxRedirects = "AGENT_MAX_REDIRECTS";
    public const string MaxResponseBytes = "AGENT_MAX_RESPONSE_BYTES";
}
