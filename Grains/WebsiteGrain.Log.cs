using Microsoft.Extensions.Logging;

namespace Uptime.Grains;

public sealed partial class WebsiteGrain
{
    [LoggerMessage(1101, LogLevel.Information, "Website {WebsiteId} ({Url}) is now {Status} (was {Previous})")]
    private static partial void LogStatusChanged(ILogger logger, Guid websiteId, string? url, WebsiteHealth previous, WebsiteHealth status);

    [LoggerMessage(1102, LogLevel.Warning, "Website {WebsiteId}: saving the aggregate failed; it stays in memory and is saved with the next change")]
    private static partial void LogStateWriteFailed(ILogger logger, Exception exception, Guid websiteId);

    [LoggerMessage(1103, LogLevel.Warning, "Website {WebsiteId}: saving a status change failed; the next dispatch tries again")]
    private static partial void LogStatusSaveFailed(ILogger logger, Exception exception, Guid websiteId);

    [LoggerMessage(1104, LogLevel.Debug, "Website {WebsiteId}: its latest slot was not sent (the latest check seen was due {Seen:O}); checking now")]
    private static partial void LogMissedSlotChecked(ILogger logger, Guid websiteId, DateTime seen);

    [LoggerMessage(1105, LogLevel.Information, "Website {WebsiteId}: a first failure reported from {Region}; confirmation check sent to {Count} validator(s) of other regions")]
    private static partial void LogConfirmationSent(ILogger logger, Guid websiteId, string region, int count);

    [LoggerMessage(1106, LogLevel.Information, "Website {WebsiteId}: incident {IncidentId} open (new: {Opened})")]
    private static partial void LogIncidentOpened(ILogger logger, Guid websiteId, Guid incidentId, bool opened);

    [LoggerMessage(1107, LogLevel.Information, "Website {WebsiteId}: incident {IncidentId} resolved")]
    private static partial void LogIncidentResolved(ILogger logger, Guid websiteId, Guid incidentId);

    [LoggerMessage(1108, LogLevel.Warning, "Website {WebsiteId}: the incident log could not be written; tried again on the next dispatch")]
    private static partial void LogIncidentCallFailed(ILogger logger, Exception exception, Guid websiteId);
}
