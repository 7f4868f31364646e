using static Uptime.Hub.Hosting.EnvironmentValues;

namespace Uptime.Hub.Access;

/// <summary>Reads <see cref="ApiAccessOptions"/> from environment variables; every bad value is a precise <see cref="FormatException"/>.</summary>
public static class ApiAccessOptionsReader
{
    public static ApiAccessOptions Read(Func<string, string?> env)
    {
        var options = new ApiAccessOptions();
        options.AdminKeyHashes = HashList(env, "HUB_ADMIN_KEY_HASHES");
        options.ReadAccess = Choice(env, "HUB_READ_ACCESS", options.ReadAccess, ("public", ReadAccess.Public), ("key", ReadAccess.Key));
        options.CorsOrigins = [.. Items(env, "HUB_CORS_ORIGINS").Select(item => IsOrigin(item)
            ? item
            : throw new FormatException(
                $"HUB_CORS_ORIGINS must be a comma-separated list of origins such as https://status.example.com; \"{item}\" is not one"))];
        options.SessionLifetime = TimeSpan.FromHours(Integer(env, "HUB_SESSION_HOURS", (int)options.SessionLifetime.TotalHours, 1, 24 * 365));
        options.WritesPerMinute = Integer(env, "HUB_API_WRITES_PER_MINUTE", options.WritesPerMinute, 0, 1_000_000);
        return options;
    }

    /// <summary>Exactly <c>scheme://host[:port]</c>, as browsers send it in <c>Origin</c>: no path, no trailing slash.</summary>
    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), text, StringComparison.OrdinalIgnoreCase);
}
