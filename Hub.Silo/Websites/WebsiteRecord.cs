using System.Data.Common;
using Uptime.Grains;

namespace Uptime.Hub.Websites;

/// <summary>
/// A row of the websites table. <c>Monitor</c>: its monitor type and check definition, null for a plain HTTP website;
/// <c>CertificateExpiresAt</c>: when the TLS certificate validators last saw expires (<c>website_certificates</c>), null
/// when none was seen.
/// </summary>
public sealed record WebsiteRecord(
    Guid Id, string Url, int IntervalSeconds, bool Enabled, DateTime CreatedAt, DateTime UpdatedAt, VerdictPolicy Policy, string? Name, string[] Tags,
    MonitorSpec? Monitor = null, DateTime? CertificateExpiresAt = null)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order (a query's table must be named <c>websites</c>).</summary>
    public const string Columns =
        "id, url, interval_seconds, enabled, created_at, updated_at, name, tags, monitor_type, check_definition::text, "
        + "(SELECT c.expires_at FROM website_certificates c WHERE c.website_id = websites.id), " + VerdictPolicyColumns.Names;

    /// <summary>
    /// The ids of one page of websites (<paramref name="filterAndOrder"/>: a WHERE and an ORDER BY), for a query that
    /// selects <see cref="Columns"/> of those ids only: sorting and skipping rows with all the columns would turn every
    /// skipped row's check definition into text and look up its certificate (measured at 50,000 websites with a check
    /// each: 450 ms for a page at offset 25,000, 22 ms this way).
    /// </summary>
    public static string PageIds(string filterAndOrder, string limit, string offset) =>
        $"SELECT id FROM websites {filterAndOrder} LIMIT {limit} OFFSET {offset}";

    /// <summary>How many columns <see cref="Columns"/> names: a query's next column has this index.</summary>
    public const int ColumnCount = 11 + VerdictPolicyColumns.Count;

    public static WebsiteRecord Read(DbDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetDateTime(4), reader.GetDateTime(5),
        VerdictPolicyColumns.Read(reader, 11), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<string[]>(7),
        StoredMonitors.Spec(reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)), reader.IsDBNull(10) ? null : reader.GetDateTime(10));

    /// <summary>The monitor type's name (http, tcp, dns, push).</summary>
    public string Type => Monitor?.Type ?? MonitorSpec.HttpType;

    /// <summary>Rows are equal field by field, the tags by their items (a record compares arrays by reference).</summary>
    public bool Equals(WebsiteRecord? other) =>
        other is not null && Id == other.Id && Url == other.Url && IntervalSeconds == other.IntervalSeconds && Enabled == other.Enabled
        && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt && Policy == other.Policy && Name == other.Name
        && Tags.SequenceEqual(other.Tags) && Monitor == other.Monitor;

    public override int GetHashCode() => HashCode.Combine(Id, Url, UpdatedAt);
}
