namespace Uptime.Agent;

/// <summary>
/// Every log line of the agent. Event ids: 1xx start, 2xx hub connection, 3xx checks, 4xx tick delivery. The per-check lines
/// ("📥 Received …", "✅ Checked …") are logged under <c>Uptime.Agent.Checks.CheckWorkers</c>, so
/// <c>Logging__LogLevel__Uptime.Agent.Checks</c> turns them down.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "🚀 Starting Uptime Validator")]
    public static partial void Starting(this ILogger logger);

    [LoggerMessage(101, LogLevel.Information, "📍 Location: {Location}")]
    public static partial void Location(this ILogger logger, string location);

    [LoggerMessage(102, LogLevel.Information, "🔑 Public Key: {PublicKey}")]
    public static partial void PublicKey(this ILogger logger, string publicKey);

    [LoggerMessage(103, LogLevel.Information, "🔑 Created a new validator key in {Path}: address {Address}")]
    public static partial void KeyCreated(this ILogger logger, string path, string address);

    [LoggerMessage(104, LogLevel.Information, "🔒 Trusting {Count} CA certificate(s) from {Path} for wss://, in addition to the system store")]
    public static partial void TrustingCaFile(this ILogger logger, int count, string path);

    [LoggerMessage(105, LogLevel.Warning, "⚠️ ALLOW_PRIVATE_TARGETS=true: checks may reach loopback, private and link-local addresses")]
    public static partial void PrivateTargetsAllowed(this ILogger logger);

    [LoggerMessage(
        106,
        LogLevel.Information,
        "🔑 No private key for {Address} yet: REGISTER goes unsigned, as in the spec (a hub with VALIDATOR_AUTH=none accepts that)")]
    public static partial void NoKey(this ILogger logger, string address);

    [LoggerMessage(107, LogLevel.Information, "🔑 Found the key of {Address} in {Path}: registrations are signed from now on")]
    public static partial void KeyFound(this ILogger logger, string address, string path);

    [LoggerMessage(108, LogLevel.Warning, "⚠️ The key file {Path} cannot be used for {Address}: {Problem}")]
    public static partial void KeyFileUnusable(this ILogger logger, string path, string address, string problem);

    [LoggerMessage(200, LogLevel.Information, "🔌 Connecting to hub at {Url}...")]
    public static partial void Connecting(this ILogger logger, string url);

    [LoggerMessage(201, LogLevel.Information, "✅ Connected to hub")]
    public static partial void Connected(this ILogger logger);

    [LoggerMessage(202, LogLevel.Information, "✅ Registration successful (validator {ValidatorId}, {ConnectedValidators} validator(s) connected)")]
    public static partial void Registered(this ILogger logger, Guid validatorId, int connectedValidators);

    [LoggerMessage(203, LogLevel.Warning, "⚠️ Disconnected from hub: {Reason}. Reconnecting in {DelaySeconds}s")]
    public static partial void Disconnected(this ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(204, LogLevel.Warning, "⚠️ Could not connect to hub: {Reason}. Retrying in {DelaySeconds}s")]
    public static partial void ConnectFailed(this ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(205, LogLevel.Debug, "💓 Heartbeat sent")]
    public static partial void HeartbeatSent(this ILogger logger);

    [LoggerMessage(206, LogLevel.Debug, "💓 Heartbeat acknowledged ({ActiveWebsites} active website(s))")]
    public static partial void HeartbeatAcknowledged(this ILogger logger, int activeWebsites);

    [LoggerMessage(207, LogLevel.Warning, "⚠️ Hub reported an error: {Code} - {Message}")]
    public static partial void HubError(this ILogger logger, string code, string message);

    [LoggerMessage(208, LogLevel.Warning, "⚠️ Ignored a message from the hub: {Code} - {Reason}")]
    public static partial void MessageIgnored(this ILogger logger, string? code, string? reason);

    [LoggerMessage(209, LogLevel.Debug, "🔐 Challenge received (signed ticks required: {RequireSignedTicks})")]
    public static partial void ChallengeReceived(this ILogger logger, bool requireSignedTicks);

    [LoggerMessage(210, LogLevel.Information, "ℹ️ No CHALLENGE from the hub within {Seconds}s: registering without a signature")]
    public static partial void NoChallenge(this ILogger logger, double seconds);

    [LoggerMessage(211, LogLevel.Error, "❌ Registration refused: {Code} - {Message}. Retrying in {DelaySeconds}s")]
    public static partial void RegistrationRefused(this ILogger logger, string code, string message, double delaySeconds);

    [LoggerMessage(
        212,
        LogLevel.Error,
        "❌ The hub requires a signed registration and this agent has no private key for {Address}: set VALIDATOR_PRIVATE_KEY to its key, "
        + "or put the key in {KeyFile}. Retrying with back-off, next in {DelaySeconds}s")]
    public static partial void MissingKey(this ILogger logger, string address, string keyFile, double delaySeconds);

    [LoggerMessage(213, LogLevel.Debug, "🔐 Still no private key for {Address}: retrying in {DelaySeconds}s")]
    public static partial void StillNoKey(this ILogger logger, string address, double delaySeconds);

    [LoggerMessage(
        214,
        LogLevel.Warning,
        "⚠️ The hub closed this connection because another connection registered as {Address}: another agent is running as the same "
        + "validator. Give each agent its own key (VALIDATOR_PRIVATE_KEY, VALIDATOR_KEY_FILE, or the keygen command) or stop the other one. "
        + "Reconnecting in {DelaySeconds}s")]
    public static partial void Replaced(this ILogger logger, string address, double delaySeconds);

    [LoggerMessage(215, LogLevel.Debug, "ℹ️ {Url} sent no CHALLENGE last time: registering without a signature at once")]
    public static partial void RegisteringAtOnce(this ILogger logger, string url);

    [LoggerMessage(
        216,
        LogLevel.Warning,
        "⚠️ Hub silent: no answer to a WebSocket ping within the {Seconds}s bound ({Variable}); dropped the connection. Reconnecting in {DelaySeconds}s")]
    public static partial void HubSilent(this ILogger logger, double seconds, string variable, double delaySeconds);

    [LoggerMessage(300, LogLevel.Information, "📥 Received {Count} website(s) to check")]
    public static partial void ChecksReceived(this ILogger logger, int count);

    [LoggerMessage(301, LogLevel.Warning, "⚠️ Check queue full ({Capacity}): dropped {Dropped} of {Count} website(s)")]
    public static partial void ChecksDropped(this ILogger logger, int dropped, int count, int capacity);

    [LoggerMessage(302, LogLevel.Information, "✅ Checked {Url}: Good ({Latency}ms)")]
    public static partial void CheckGood(this ILogger logger, string url, double latency);

    [LoggerMessage(303, LogLevel.Information, "❌ Checked {Url}: Bad ({Latency}ms) - {Error}")]
    public static partial void CheckBad(this ILogger logger, string url, double latency, string? error);

    [LoggerMessage(304, LogLevel.Debug, "⏳ {Url} waited {WaitedMs}ms for one of its host's {Slots} check slot(s)")]
    public static partial void WaitedForHost(this ILogger logger, string url, double waitedMs, int slots);

    [LoggerMessage(305, LogLevel.Information, "⏳ {Count} check(s) waited for a slot of their host (at most {Slots} at once), the longest {LongestMs}ms")]
    public static partial void HostWaits(this ILogger logger, long count, int slots, double longestMs);

    [LoggerMessage(400, LogLevel.Information, "📊 Ticks produced {Produced}, acknowledged {Acknowledged}, pending {Pending}, re-sent {Resent}, dropped {Dropped}, refused {Refused}")]
    public static partial void TickStats(this ILogger logger, long produced, long acknowledged, int pending, long resent, long dropped, long refused);

    [LoggerMessage(401, LogLevel.Information, "📊 Final tick counts: produced {Produced}, sent {Sent}, acknowledged {Acknowledged}, pending {Pending}, re-sent {Resent}, dropped {Dropped}, refused {Refused}")]
    public static partial void FinalTickStats(this ILogger logger, long produced, long sent, long acknowledged, int pending, long resent, long dropped, long refused);

    [LoggerMessage(402, LogLevel.Warning, "⚠️ Unacknowledged tick buffer full ({Capacity}): dropping the oldest ticks ({Dropped} dropped so far)")]
    public static partial void TickBufferFull(this ILogger logger, int capacity, long dropped);

    [LoggerMessage(403, LogLevel.Debug, "Hub acknowledged {Count} tick(s), {Pending} of them pending here")]
    public static partial void TicksAcknowledged(this ILogger logger, int count, int pending);

    [LoggerMessage(404, LogLevel.Warning, "⚠️ Could not write the tick log {Path}: {Reason}")]
    public static partial void TickLogFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(405, LogLevel.Information, "⏳ Waiting up to {Seconds}s for the hub to acknowledge {Pending} tick(s)")]
    public static partial void Draining(this ILogger logger, double seconds, int pending);

    [LoggerMessage(406, LogLevel.Warning, "⚠️ Stopping with {Pending} unacknowledged tick(s)")]
    public static partial void DrainIncomplete(this ILogger logger, int pending);
}
