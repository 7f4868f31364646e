using Microsoft.Extensions.Logging;

namespace Uptime.Grains;

public sealed partial class ValidatorGrain
{
    [LoggerMessage(1001, LogLevel.Information, "Validator {ValidatorId} registered: {PublicKey} at {Location} from {IpAddress}")]
    private static partial void LogRegistered(ILogger logger, Guid validatorId, string publicKey, string location, string ipAddress);

    [LoggerMessage(
        1002,
        LogLevel.Warning,
        "Validator {ValidatorId} ({PublicKey}): a new connection from {IpAddress} at {Location} registered while its connection {OldConnection} "
        + "was open, so that one is closed. If this repeats, two agents are running with the same key and replace each other: give each its own")]
    private static partial void LogReplaced(ILogger logger, Guid validatorId, string publicKey, string ipAddress, string location, Guid oldConnection);

    [LoggerMessage(1003, LogLevel.Warning, "Validator {ValidatorId} evicted: no heartbeat for {Seconds:0} s")]
    private static partial void LogEvicted(ILogger logger, Guid validatorId, double seconds);

    [LoggerMessage(1004, LogLevel.Warning, "Validator {ValidatorId} ({PublicKey}) refused at REGISTER from {IpAddress}: it is {State}")]
    private static partial void LogRegistrationRefused(ILogger logger, Guid validatorId, string publicKey, string ipAddress, ValidatorState state);

    [LoggerMessage(1005, LogLevel.Warning, "Validator {ValidatorId} banned by {BannedBy}: {Reason}")]
    private static partial void LogBanned(ILogger logger, Guid validatorId, string bannedBy, string? reason);

    [LoggerMessage(1006, LogLevel.Information, "Validator {ValidatorId} made active by an operator (it was {Before})")]
    private static partial void LogActivated(ILogger logger, Guid validatorId, ValidatorState before);

    [LoggerMessage(1007, LogLevel.Information, "Validator {ValidatorId} deleted by an operator")]
    private static partial void LogDeleted(ILogger logger, Guid validatorId);

    [LoggerMessage(1008, LogLevel.Warning, "Validator {ValidatorId}: heartbeat acknowledged but not stored ({Reason}); the next heartbeat stores it")]
    private static partial void LogHeartbeatNotStored(ILogger logger, Guid validatorId, string reason);

    [LoggerMessage(1009, LogLevel.Warning, "Validator {ValidatorId} is impaired: {Reason}; its ticks are shown but do not vote until a round of Good canaries")]
    private static partial void LogImpaired(ILogger logger, Guid validatorId, string reason);

    [LoggerMessage(1010, LogLevel.Information, "Validator {ValidatorId} recovered after {Seconds:0} s impaired: all {Canaries} canaries of its latest round were Good")]
    private static partial void LogRecovered(ILogger logger, Guid validatorId, double seconds, int canaries);
}
