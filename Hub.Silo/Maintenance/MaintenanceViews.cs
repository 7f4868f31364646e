namespace Uptime.Hub.Maintenance;

/// <summary>
/// A maintenance window as the API returns it: its definition plus, at the time of the answer, whether it is open
/// (<see cref="Active"/>), the occurrence open now (<see cref="Current"/>) and the next one to start (<see cref="Next"/>).
/// </summary>
public sealed record MaintenanceWindowView(
    Guid Id,
    string Name,
    string Description,
    string Kind,
    DateTime? StartsAt,
    DateTime? EndsAt,
    string? Cron,
    string? TimeZone,
    int? DurationMinutes,
    bool AllWebsites,
    IReadOnlyList<Guid> WebsiteIds,
    bool Active,
    OccurrenceView? Current,
    OccurrenceView? Next,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public const string OneOff = "oneOff";
    public const string Recurring = "recurring";

    public static MaintenanceWindowView From(ScheduledWindow scheduled, DateTime now)
    {
        var window = scheduled.Window;
        var occurrence = scheduled.CurrentOrNext(now);
        var current = occurrence is not null && occurrence.Start <= now ? occurrence : null;
        var next = scheduled.FirstStartingAfter(now);
        return new(
            window.Id,
            window.Name,
            window.Description,
            window.Cron is null ? OneOff : Recurring,
            window.StartsAt,
            window.EndsAt,
            window.Cron,
            window.TimeZone,
            window.DurationMinutes,
            window.AllWebsites,
            window.WebsiteIds,
            current is not null,
            OccurrenceView.From(current),
            OccurrenceView.From(next),
            window.CreatedAt,
            window.UpdatedAt);
    }
}

/// <summary>One occurrence of a window, UTC.</summary>
public sealed record OccurrenceView(DateTime StartsAt, DateTime EndsAt)
{
    public static OccurrenceView? From(MaintenanceOccurrence? occurrence) =>
        occurrence is null ? null : new(occurrence.Start, occurrence.End);
}

/// <summary>
/// A website's maintenance as its GET shows it, from the silo's copy of the windows: whether a window covers it now, that
/// window's current occurrence (the one ending last when several are open) and the next occurrence of any of its windows.
/// </summary>
public sealed record WebsiteMaintenanceView(bool Active, WebsiteOccurrenceView? Current, WebsiteOccurrenceView? Next)
{
    public static WebsiteMaintenanceView For(MaintenanceSchedule schedule, Guid websiteId, DateTime now)
    {
        var (current, next) = schedule.For(websiteId, now);
        return new(current is not null, WebsiteOccurrenceView.From(current), WebsiteOccurrenceView.From(next));
    }
}

/// <summary>An occurrence of a named window.</summary>
public sealed record WebsiteOccurrenceView(Guid WindowId, string Name, DateTime StartsAt, DateTime EndsAt)
{
    public static WebsiteOccurrenceView? From(WindowOccurrence? occurrence) => occurrence is null
        ? null
        : new(occurrence.Window.Id, occurrence.Window.Name, occurrence.Occurrence.Start, occurrence.Occurrence.End);
}
