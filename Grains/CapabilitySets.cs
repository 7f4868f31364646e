using System.Collections.Concurrent;

namespace Uptime.Grains;

/// <summary>
/// One shared, sorted array per distinct set of announced capabilities: thousands of validators announce the same few
/// sets, and <see cref="RosterValidator"/>s with the same set then compare equal.
/// </summary>
public static class CapabilitySets
{
    private static readonly ConcurrentDictionary<string, string[]> _shared = new(StringComparer.Ordinal);

    /// <summary>The shared array for <paramref name="capabilities"/>; null for none.</summary>
    public static string[]? Intern(IEnumerable<string>? capabilities)
    {
        var sorted = capabilities?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() ?? [];
        return sorted.Length == 0 ? null : _shared.GetOrAdd(string.Join(',', sorted), _ => sorted);
    }
}
