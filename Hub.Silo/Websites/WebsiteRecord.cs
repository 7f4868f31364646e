using System.Data.Common;
using Uptime.Grains;

namespace Uptime.Hub.Websites;

/// <summary>A row of the websites table.</summary>
public sealed record WebsiteRecord(Guid Id, string Url, int IntervalSeconds, bool Enabled, DateTime CreatedAt, DateTime UpdatedAt, VerdictPolicy Policy)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = "id, url, interval_seconds, enabled, created_at, updated_at, " + VerdictPolicyColumns.Names;

    /// <summary>How many columns <see cref="Columns"/> names: a query's next column has this index.</summary>
    public const int ColumnCount = 6 + VerdictPolicyColumns.Count;

    public static WebsiteRecord Read(DbDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetDateTime(4), reader.GetDateTime(5),
        VerdictPolicyColumns.Read(reader, 6));
}
