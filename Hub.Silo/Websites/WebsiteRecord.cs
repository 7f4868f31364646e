using System.Data.Common;

namespace Uptime.Hub.Websites;

/// <summary>A row of the websites table.</summary>
public sealed record WebsiteRecord(Guid Id, string Url, int IntervalSeconds, bool Enabled, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public const string Columns = "id, url, interval_seconds, enabled, created_at, updated_at";

    /// <summary>How many columns <see cref="Columns"/> names: a query's next column has this index.</summary>
    public const int ColumnCount = 6;

    public static WebsiteRecord Read(DbDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetDateTime(4), reader.GetDateTime(5));
}
