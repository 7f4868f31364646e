namespace Uptime.Hub.Websites;

/// <summary>Which websites a page lists and in what order.</summary>
/// <param name="Status">Up, Down, Degraded, Maintenance, Unknown (enabled websites in that status) or Paused (disabled ones); null for all.</param>
/// <param name="Text">Case-insensitive part of the name or URL; null or empty for all.</param>
/// <param name="Sort"><see cref="WebsiteListQuery.ByStatus"/> (Down, Degraded, Maintenance, Unknown, Up, Paused) or <see cref="WebsiteListQuery.ByUrl"/>; ties by URL.</param>
/// <param name="Descending">Reverses <paramref name="Sort"/>.</param>
/// <param name="Limit">The most websites on the page.</param>
/// <param name="Offset">How many matching websites come before the page.</param>
/// <param name="Tag">A tag the websites carry; null for all.</param>
public sealed record WebsiteListQuery(string? Status, string? Text, string Sort, bool Descending, int Limit, int Offset, string? Tag = null)
{
    public const string ByStatus = "status";
    public const string ByUrl = "url";
    public const string Paused = "Paused";

    /// <summary>The dashboard's statuses: the live ones plus Paused, in the order sorting by status lists them.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["Down", "Degraded", "Maintenance", "Unknown", "Up", Paused];
}

/// <summary>
/// A page of websites, how many match the query, how many websites there are per status in all, and the status each
/// website of the page is counted under (<c>CountedAs[i]</c> for <c>Websites[i]</c>).
/// </summary>
public sealed record WebsitePage(
    int Total, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<WebsiteRecord> Websites, IReadOnlyList<string> CountedAs);
