using Uptime.Hub.Stats;

namespace Uptime.Hub.Tests.Stats;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_NoChecks_Null()
    {
        Assert.Null(LatencyHistogram.Percentile(new int[LatencyHistogram.BucketCount], 0, 0.5));
    }

    [Fact]
    public void Percentile_OneBucket_InterpolatesBetweenItsBounds()
    {
        var counts = new int[LatencyHistogram.BucketCount];
        counts[3] = 4; // (25, 50]

        Assert.Equal(31.25, LatencyHistogram.Percentile(counts, 50, 0.25));
        Assert.Equal(50, LatencyHistogram.Percentile(counts, 50, 1.0));
    }

    [Fact]
    public void Percentile_UpperBoundAboveLargestLatency_ClampedToIt()
    {
        var counts = new int[LatencyHistogram.BucketCount];
        counts[^1] = 1; // above the last bound

        Assert.Equal(45_000, LatencyHistogram.Percentile(counts, 45_000, 0.99));
    }

    [Fact]
    public void SqlCounts_OneFilterPerBucket()
    {
        var sql = LatencyHistogram.SqlCounts();

        Assert.Equal(LatencyHistogram.BucketCount, sql.Split("FILTER").Length - 1);
        Assert.Contains("latency <= 5)", sql, StringComparison.Ordinal);
        Assert.Contains("latency > 20000)", sql, StringComparison.Ordinal);
    }
}
