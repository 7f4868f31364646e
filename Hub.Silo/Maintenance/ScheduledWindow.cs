namespace Uptime.Hub.Maintenance;

/// <summary>
/// A window with its timing, remembering the occurrence it last found: asked again at a later moment before that occurrence
/// ends, it answers without computing (the website grains ask on every status evaluation). Safe to share between threads.
/// </summary>
public sealed class ScheduledWindow(MaintenanceWindow window)
{
    private readonly MaintenanceTiming _timing = MaintenanceTiming.Of(window);
    private Found? _found;

    public MaintenanceWindow Window => window;

    /// <summary>The occurrence that covers <paramref name="at"/> or, if none does, the next one; null when none is left.</summary>
    public MaintenanceOccurrence? CurrentOrNext(DateTime at)
    {
        // Valid from the moment it was found until it ends: no other occurrence can start or end in between.
        var found = Volatile.Read(ref _found);
        if (found is not null && at >= found.At && (found.Occurrence is null || at < found.Occurrence.End))
        {
            return found.Occurrence;
        }

        var occurrence = _timing.CurrentOrNext(at);
        if (found is null || at > found.At)
        {
            Volatile.Write(ref _found, new Found(at, occurrence));
        }

        return occurrence;
    }

    public bool IsOpen(DateTime at) => CurrentOrNext(at) is { } occurrence && occurrence.Start <= at;

    public MaintenanceOccurrence? FirstStartingAfter(DateTime at) => _timing.FirstStartingAfter(at);

    private sealed record Found(DateTime At, MaintenanceOccurrence? Occurrence);
}
