namespace Uptime.Hub.Maintenance;

/// <summary>One stretch of a window, from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), UTC.</summary>
public sealed record MaintenanceOccurrence(DateTime Start, DateTime End)
{
    public bool Covers(DateTime at) => Start <= at && at < End;
}
