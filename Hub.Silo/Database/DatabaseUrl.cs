using Npgsql;

namespace Uptime.Hub.Database;

/// <summary>
/// Turns <c>DATABASE_URL</c> into an Npgsql connection string. Accepts the spec's URL form
/// <c>postgresql://user:password@host:port/db?sslmode=require</c> (also <c>postgres://</c>) and plain Npgsql
/// connection strings (<c>Host=…;Username=…</c>).
/// </summary>
public static class DatabaseUrl
{
    public static string ToConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new FormatException("DATABASE_URL is empty");
        }

        return value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(value)
            : FromConnectionString(value);
    }

    private static string FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("DATABASE_URL is not a valid postgresql://user:password@host:port/database URL");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            throw new FormatException("DATABASE_URL names no database (expected postgresql://user:password@host:port/database)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            var keyword = key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key;
            var setting = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            if (!builder.ContainsKey(keyword))
            {
                throw new FormatException($"DATABASE_URL has an unknown query parameter \"{key}\"");
            }

            try
            {
                builder[keyword] = setting;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new FormatException($"DATABASE_URL query parameter \"{key}\" has an invalid value \"{setting}\": {e.Message}");
            }
        }

        return builder.ConnectionString;
    }

    private static string FromConnectionString(string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new FormatException("DATABASE_URL must be a postgresql:// URL or an Npgsql connection string with Host=");
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"DATABASE_URL is neither a postgresql:// URL nor a valid connection string: {e.Message}");
        }
    }
}
