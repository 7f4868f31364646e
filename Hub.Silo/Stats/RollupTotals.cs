namespace Uptime.Hub.Stats;

/// <summary>Summed rollup rows: counts, latency sum and maximum, and the merged latency histogram.</summary>
public sealed record RollupTotals(long Checks, long Failures, double LatencySum, double LatencyMax, int[] Histogram)
{
    public static RollupTotals Sum(IEnumerable<RollupTotals> parts)
    {
        long checks = 0;
        long failures = 0;
        double sum = 0;
        double max = 0;
        var histogram = new int[LatencyHistogram.BucketCount];
        foreach (var part in parts)
        {
            checks += part.Checks;
            failures += part.Failures;
            sum += part.LatencySum;
            max = Math.Max(max, part.LatencyMax);
            for (var i = 0; i < Math.Min(histogram.Length, part.Histogram.Length); i++)
            {
                histogram[i] += part.Histogram[i];
            }
        }

        return new RollupTotals(checks, failures, sum, max, histogram);
    }
}
