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

    [LoggerMessage(1004, LogLevel.Warning, "Validator {ValidatorId}: heartbeat acknowledged but not stored ({Reason}); the next heartbeat stores it")]
    private static partial void LogHeartbeatNotStored(ILogger logger, Guid validatorId, string reason);
}
