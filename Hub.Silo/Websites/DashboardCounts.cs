namespace Uptime.Hub.Websites;

/// <summary>
/// The counts per status of a dashboard answer, made to agree with the page it lists. The counts come from the status
/// kept on the websites rows, a page's statuses from the website grains a moment later; a website whose status
/// changed in between (its grain changes first, then writes the row) would be counted under one status and shown
/// under another. Each such website of the page is counted where it is shown.
/// </summary>
public static class DashboardCounts
{
    /// <param name="counts">The count per status over all websites, from the rows.</param>
    /// <param name="countedAs">The status each website of the page is counted under in <paramref name="counts"/>.</param>
    /// <param name="shown">The status each website of the page is shown with, in the same order.</param>
    public static IReadOnlyDictionary<string, int> Reconcile(
        IReadOnlyDictionary<string, int> counts, IReadOnlyList<string> countedAs, IReadOnlyList<string> shown)
    {
        var reconciled = new Dictionary<string, int>(counts);
        for (var i = 0; i < shown.Count; i++)
        {
            if (countedAs[i] != shown[i] && reconciled.GetValueOrDefault(countedAs[i]) > 0)
            {
                reconciled[countedAs[i]]--;
                reconciled[shown[i]] = reconciled.GetValueOrDefault(shown[i]) + 1;
            }
        }

        return reconciled;
    }
}
