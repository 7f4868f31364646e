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
}
