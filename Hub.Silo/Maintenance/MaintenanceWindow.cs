namespace Uptime.Hub.Maintenance;

/// <summary>
/// A maintenance window as stored: one-off (<see cref="StartsAt"/> to <see cref="EndsAt"/>, UTC) or recurring (each
/// occurrence of <see cref="Cron"/> in <see cref="TimeZone"/> opens it for <see cref="DurationMinutes"/>), covering every
/// website (<see cref="AllWebsites"/>) or those listed in <see cref="WebsiteIds"/>.
/// </summary>
public sealed record MaintenanceWindow(
    Guid Id,
    string Name,
    string Description,
    DateTime? StartsAt,
    DateTime? EndsAt,
    string? Cron,
    string? TimeZone,
    int? DurationMinutes,
    bool AllWebsites,
    IReadOnlyList<Guid> WebsiteIds,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public bool Covers(Guid websiteId) => AllWebsites || WebsiteIds.Contains(websiteId);
}
