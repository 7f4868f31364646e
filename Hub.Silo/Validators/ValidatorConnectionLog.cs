using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.Hub.Validators;

/// <summary>The log events of a validator connection, written under the <see cref="ValidatorConnection"/> category.</summary>
internal static partial class ValidatorConnectionLog
{
    [LoggerMessage(3001, LogLevel.Information, "🔌 Validator connection {ConnectionId} opened from {RemoteIp}")]
    internal static partial void LogConnected(ILogger logger, Guid connectionId, string remoteIp);

    [LoggerMessage(3002, LogLevel.Information, "👋 Validator connection {ConnectionId} ({PublicKey}) closed: {Reason}")]
    internal static partial void LogDisconnected(ILogger logger, Guid connectionId, string publicKey, string reason);

    [LoggerMessage(3003, LogLevel.Information, "Closing validator connection {ConnectionId} ({PublicKey}): {Reason}")]
    internal static partial void LogClosedByHub(ILogger logger, Guid connectionId, string publicKey, string reason);

    [LoggerMessage(3004, LogLevel.Debug, "Tick received for {WebsiteId} from {PublicKey}: {Status} ({Latency} ms)")]
    internal static partial void LogTickReceived(ILogger logger, Guid websiteId, string publicKey, TickStatus status, double latency);

    [LoggerMessage(3005, LogLevel.Error, "Validator connection {ConnectionId}: handling {Message} failed")]
    internal static partial void LogHandlingFailed(ILogger logger, Exception exception, Guid connectionId, string message);

    [LoggerMessage(3006, LogLevel.Warning, "Validator connection {ConnectionId} ({PublicKey}) dropped: {Capacity} messages queued unsent")]
    internal static partial void LogSendQueueFull(ILogger logger, Guid connectionId, string publicKey, int capacity);

    [LoggerMessage(3007, LogLevel.Warning, "Tick for {WebsiteId} from {PublicKey} not queued: the tick writer is full (PostgreSQL away?); the agent will resend it: {WillResend}")]
    internal static partial void LogTickDeferred(ILogger logger, Guid websiteId, string publicKey, bool willResend);

    [LoggerMessage(3009, LogLevel.Warning, "Validator connection {ConnectionId} from {RemoteIp} refused ({Code}): {Reason}")]
    internal static partial void LogRefused(ILogger logger, Guid connectionId, string remoteIp, string code, string reason);

    [LoggerMessage(3010, LogLevel.Information, "Validator connection {ConnectionId} from {RemoteIp} closed: {Reason}")]
    internal static partial void LogRegistrationTimedOut(ILogger logger, Guid connectionId, string remoteIp, string reason);

    [LoggerMessage(3011, LogLevel.Warning, "Validator connection {ConnectionId}: {Message} answered 'unavailable', the database is unavailable: {Reason}")]
    internal static partial void LogDatabaseUnavailable(ILogger logger, Guid connectionId, string message, string reason);

    [LoggerMessage(3012, LogLevel.Warning, "Canary round due {DueAt:O} of validator {ValidatorId} not reported to its grain: {Reason}")]
    internal static partial void LogCanaryRoundNotReported(ILogger logger, Guid validatorId, DateTime dueAt, string reason);
}
