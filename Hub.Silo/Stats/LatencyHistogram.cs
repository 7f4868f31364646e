namespace Uptime.Hub.Stats;

/// <summary>
/// Latency buckets of the rollups. A percentile is read from the summed bucket counts: find the bucket that
/// holds the check of rank ceil(p × n), then interpolate linearly between the bucket's lower and upper bound
/// (the last bucket's upper bound is the largest latency seen). Bounds may only ever be appended to.
/// </summary>
public static class LatencyHistogram
{
    /// <summary>Upper bounds in ms, inclusive; one more bucket above the last holds everything larger.</summary>
    public static readonly double[] UpperBoundsMs =
        [5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 20000];

    public static int BucketCount => UpperBoundsMs.Length + 1;

    /// <summary>SQL expression computing the bucket counts of the rows in a group (column <c>latency</c>).</summary>
    public static string SqlCounts()
    {
        var parts = new List<string>(BucketCount);
        for (var i = 0; i < BucketCount; i++)
        {
            var lower = i == 0 ? null : UpperBoundsMs[i - 1].ToString(System.Globalization.CultureInfo.InvariantCulture);
            var upper = i == UpperBoundsMs.Length ? null : UpperBoundsMs[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            var condition = (lower, upper) switch
            {
                (null, _) => $"latency <= {upper}",
                (_, null) => $"latency > {lower}",
                _ => $"latency > {lower} AND latency <= {upper}",
            };
            parts.Add($"count(*) FILTER (WHERE {condition})::integer");
        }

        return $"ARRAY[{string.Join(", ", parts)}]";
    }

    public static double? Percentile(IReadOnlyList<int> counts, double maxLatency, double p)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * total));
        long before = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (before + counts[i] >= rank)
            {
                var lower = i == 0 ? 0 : UpperBoundsMs[i - 1];
                var upper = i < UpperBoundsMs.Length ? Math.Min(UpperBoundsMs[i], maxLatency) : maxLatency;
                var value = lower + ((upper - lower) * (rank - before) / counts[i]);
                return Math.Min(value, maxLatency);
            }

            before += counts[i];
        }

        return maxLatency;
    }
}
