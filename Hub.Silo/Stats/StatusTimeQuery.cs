using Npgsql;

namespace Uptime.Hub.Stats;

/// <summary>
/// Seconds per status from <c>website_status_changes</c>, for many websites and windows in one statement. Each website's
/// time starts at the widest window's start or at its creation, whichever is later, with the status it had then: the
/// <c>to</c> of the last change at or before that moment, else the <c>from</c> of the first change after it (the older
/// changes were deleted by retention, or there were none), else the status on its websites row. Each later change starts
/// a span that ends at the next change or now (<c>lead</c> over the website's changes); a span counts toward each window
/// for its part inside the window. The lookups and the changes are read through the primary key (website_id, at).
/// </summary>
public static class StatusTimeQuery
{
    private const string Sql = """
        WITH sites AS (
            SELECT id, greatest($2, created_at) AS counted_from, status FROM websites {0}
        ),
        changes AS (
            SELECT s.id AS website_id, s.counted_from AS at, coalesce(before.to_status, after.from_status, s.status) AS status
            FROM sites s
            LEFT JOIN LATERAL (
                SELECT c.to_status FROM website_status_changes c
                WHERE c.website_id = s.id AND c.at <= s.counted_from ORDER BY c.at DESC LIMIT 1
            ) before ON true
            LEFT JOIN LATERAL (
                SELECT c.from_status FROM website_status_changes c
                WHERE c.website_id = s.id AND c.at > s.counted_from ORDER BY c.at LIMIT 1
            ) after ON true
            WHERE s.counted_from < $3
            UNION ALL
            SELECT c.website_id, c.at, c.to_status
            FROM sites s JOIN website_status_changes c ON c.website_id = s.id AND c.at > s.counted_from AND c.at < $3
        ),
        spans AS (
            SELECT website_id, status, at AS starts_at, lead(at, 1, $3) OVER (PARTITION BY website_id ORDER BY at) AS ends_at
            FROM changes
        )
        SELECT sp.website_id, w.name, sp.status,
               sum(extract(epoch FROM sp.ends_at - greatest(sp.starts_at, w.starts_at)))::double precision
        FROM spans sp JOIN unnest($4::text[], $5::timestamptz[]) AS w(name, starts_at) ON sp.ends_at > w.starts_at
        GROUP BY sp.website_id, w.name, sp.status
        """;

    /// <summary>
    /// The seconds per status of each of <paramref name="websiteIds"/> (every website when null) in each window, a
    /// window being named and starting at its start, all ending at <paramref name="now"/>. A website with no time in a
    /// window (created after it) has no entry for it.
    /// </summary>
    public static async Task<Dictionary<(Guid WebsiteId, string Window), StatusSeconds>> ReadAsync(
        NpgsqlDataSource dataSource,
        IReadOnlyCollection<Guid>? websiteIds,
        IReadOnlyList<(string Name, DateTime Start)> windows,
        DateTime now,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(
            System.Globalization.CultureInfo.InvariantCulture, Sql, websiteIds is null ? "" : "WHERE id = ANY($1)"));
        command.Parameters.Add(new() { Value = websiteIds?.ToArray() ?? [] });
        command.Parameters.Add(new() { Value = windows.Min(w => w.Start) });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = windows.Select(w => w.Name).ToArray() });
        command.Parameters.Add(new() { Value = windows.Select(w => w.Start).ToArray() });
        var seconds = new Dictionary<(Guid, string), StatusSeconds>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetGuid(0), reader.GetString(1));
            seconds[key] = seconds.GetValueOrDefault(key, StatusSeconds.None).Add(reader.GetString(2), reader.GetDouble(3));
        }

        return seconds;
    }
}
