using System.ComponentModel;

namespace Uptime.Hub.Maintenance;

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/maintenance-windows</c> as the OpenAPI document describes it; the hub reads it with
/// <see cref="MaintenanceInput"/>, which refuses any other field.
/// </summary>
public sealed record MaintenanceWindowBody(
    [property: Description("What the window is for, 1–200 characters.")] string Name,
    [property: Description("Optional, at most 2000 characters.")] string? Description,
    [property: Description("One-off: start, ISO-8601 with Z or an offset.")] DateTimeOffset? StartsAt,
    [property: Description("One-off: end, after startsAt, in the future, at most 30 days after startsAt.")] DateTimeOffset? EndsAt,
    [property: Description("Recurring: five-field cron expression (minute hour day-of-month month day-of-week), e.g. \"0 2 * * 0\".")] string? Cron,
    [property: Description("Recurring: IANA time zone the cron expression is read in, e.g. \"Europe/Berlin\".")] string? TimeZone,
    [property: Description("Recurring: how long each occurrence lasts, 1–10080 minutes.")] int? DurationMinutes,
    [property: Description("true: every website, present and future (leave websiteIds out).")] bool? AllWebsites,
    [property: Description("The websites covered (at most 10,000, each existing), unless allWebsites is true.")] IReadOnlyList<Guid>? WebsiteIds);
