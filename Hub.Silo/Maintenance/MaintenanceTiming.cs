using Cronos;

namespace Uptime.Hub.Maintenance;

/// <summary>When a window is open: once, or at every occurrence of a cron expression in a time zone.</summary>
public abstract class MaintenanceTiming
{
    /// <summary>The occurrence that covers <paramref name="at"/> or, if none does, the next one; null when none is left.</summary>
    public abstract MaintenanceOccurrence? CurrentOrNext(DateTime at);

    /// <summary>The first occurrence that starts after <paramref name="at"/>; null when none is left.</summary>
    public abstract MaintenanceOccurrence? FirstStartingAfter(DateTime at);

    public static MaintenanceTiming Of(MaintenanceWindow window) => window.Cron is { } cron
        ? new Recurring(
            CronExpression.Parse(cron, CronFormat.Standard),
            TimeZoneInfo.FindSystemTimeZoneById(window.TimeZone!),
            TimeSpan.FromMinutes(window.DurationMinutes!.Value))
        : new OneOff(new MaintenanceOccurrence(window.StartsAt!.Value, window.EndsAt!.Value));

    private sealed class OneOff(MaintenanceOccurrence occurrence) : MaintenanceTiming
    {
        public override MaintenanceOccurrence? CurrentOrNext(DateTime at) => at < occurrence.End ? occurrence : null;

        public override MaintenanceOccurrence? FirstStartingAfter(DateTime at) => at < occurrence.Start ? occurrence : null;
    }

    /// <summary>
    /// Cronos gives each occurrence as a UTC instant, across daylight-saving changes: a local time that a change skips
    /// opens the window when the clocks jump, one that happens twice opens it once.
    /// </summary>
    private sealed class Recurring(CronExpression cron, TimeZoneInfo zone, TimeSpan duration) : MaintenanceTiming
    {
        // The first start after at − duration is the earliest occurrence still open at `at`, or the next one.
        public override MaintenanceOccurrence? CurrentOrNext(DateTime at) => From(cron.GetNextOccurrence(Utc(at) - duration, zone));

        public override MaintenanceOccurrence? FirstStartingAfter(DateTime at) => From(cron.GetNextOccurrence(Utc(at), zone));

        private MaintenanceOccurrence? From(DateTime? start) => start is { } s ? new MaintenanceOccurrence(s, s + duration) : null;

        private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
    }
}
