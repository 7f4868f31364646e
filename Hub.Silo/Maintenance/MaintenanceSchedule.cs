namespace Uptime.Hub.Maintenance;

/// <summary>
/// The maintenance windows indexed by website: the windows for all websites in one set, the others under each website they
/// list, so asking about a website looks at its own windows only, never at every window, and each set remembers its answer
/// until its next boundary (<see cref="WindowSet"/>).
/// </summary>
public sealed class MaintenanceSchedule
{
    private readonly WindowSet _forAll;
    private readonly Dictionary<Guid, WindowSet> _byWebsite;

    public MaintenanceSchedule(IEnumerable<MaintenanceWindow> windows)
    {
        Windows = [.. windows.Select(w => new ScheduledWindow(w))];
        _forAll = new WindowSet([.. Windows.Where(w => w.Window.AllWebsites)]);
        _byWebsite = Windows
            .Where(w => !w.Window.AllWebsites)
            .SelectMany(w => w.Window.WebsiteIds, (window, websiteId) => (window, websiteId))
            .GroupBy(pair => pair.websiteId, pair => pair.window)
            .ToDictionary(group => group.Key, group => new WindowSet(group.ToArray()));
    }

    public static MaintenanceSchedule Empty { get; } = new([]);

    public IReadOnlyList<ScheduledWindow> Windows { get; }

    public bool IsInMaintenance(Guid websiteId, DateTime at) =>
        _forAll.IsOpen(at) || (_byWebsite.TryGetValue(websiteId, out var own) && own.IsOpen(at));

    /// <summary>
    /// The website's maintenance at <paramref name="at"/>: the open occurrence that ends last (null when none is open) and the
    /// first occurrence starting later (null when none is planned).
    /// </summary>
    public (WindowOccurrence? Current, WindowOccurrence? Next) For(Guid websiteId, DateTime at)
    {
        WindowOccurrence? current = null;
        WindowOccurrence? next = null;
        var own = _byWebsite.TryGetValue(websiteId, out var set) ? set.Windows : [];
        foreach (var window in _forAll.Windows.Concat(own))
        {
            if (window.CurrentOrNext(at) is { } occurrence && occurrence.Start <= at && (current is null || occurrence.End > current.Occurrence.End))
            {
                current = new WindowOccurrence(window.Window, occurrence);
            }

            if (window.FirstStartingAfter(at) is { } upcoming && (next is null || upcoming.Start < next.Occurrence.Start))
            {
                next = new WindowOccurrence(window.Window, upcoming);
            }
        }

        return (current, next);
    }

    /// <summary>The ids of the windows open at <paramref name="at"/>.</summary>
    public HashSet<Guid> OpenAt(DateTime at) => [.. Windows.Where(w => w.IsOpen(at)).Select(w => w.Window.Id)];

    /// <summary>The windows of either schedule that the other one lacks or holds in another version, by id.</summary>
    public static IEnumerable<MaintenanceWindow> Differences(MaintenanceSchedule before, MaintenanceSchedule after)
    {
        var old = before.Windows.ToDictionary(w => w.Window.Id, w => w.Window);
        var current = after.Windows.ToDictionary(w => w.Window.Id, w => w.Window);
        return old.Values.Where(w => !current.TryGetValue(w.Id, out var now) || now.UpdatedAt != w.UpdatedAt)
            .Concat(current.Values.Where(w => !old.TryGetValue(w.Id, out var then) || then.UpdatedAt != w.UpdatedAt));
    }
}

/// <summary>An occurrence of a window.</summary>
public sealed record WindowOccurrence(MaintenanceWindow Window, MaintenanceOccurrence Occurrence);
