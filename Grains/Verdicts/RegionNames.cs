using System.Collections.Concurrent;

namespace Uptime.Grains.Verdicts;

/// <summary>
/// One string instance per region name, so the latest tick of every (website, validator) pair refers to it instead of
/// keeping its own copy of the name each tick brought. At most <see cref="Capacity"/> names are shared; beyond that (a
/// flood of made-up locations) a name is kept as given.
/// </summary>
public static class RegionNames
{
    public const int Capacity = 10_000;

    private static readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public static string Share(string region) =>
        _names.TryGetValue(region, out var shared) ? shared
        : _names.Count < Capacity ? _names.GetOrAdd(region, region)
        : region;
}
