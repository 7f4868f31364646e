using System.Globalization;

namespace Uptime.Bench;

/// <summary>One scrape of a hub's <c>/metrics</c> (Prometheus text format): every sample by name and label set.</summary>
internal sealed class MetricsSnapshot
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    public static MetricsSnapshot Empty { get; } = new();

    public static MetricsSnapshot Parse(string text)
    {
        var snapshot = new MetricsSnapshot();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            string name;
            var labels = string.Empty;
            if (brace > 0 && brace < space)
            {
                name = line[..brace];
                labels = line[(brace + 1)..line.LastIndexOf('}')];
            }
            else
            {
                name = line[..line.IndexOf(' ', StringComparison.Ordinal)];
            }

            var valueText = line[(space + 1)..];
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || TryParseSpecial(valueText, out value))
            {
                snapshot._samples.Add((name, labels, value));
            }
        }

        return snapshot;
    }

    /// <summary>Merges scrapes of several silos into one.</summary>
    public static MetricsSnapshot Merge(IEnumerable<MetricsSnapshot> parts)
    {
        var merged = new MetricsSnapshot();
        foreach (var part in parts)
        {
            merged._samples.AddRange(part._samples);
        }

        return merged;
    }

    public bool Has(string name) => _samples.Exists(s => s.Name == name);

    /// <summary>Sum of every sample named <paramref name="name"/> (over silos and labels).</summary>
    public double Sum(string name) => _samples.Where(s => s.Name == name).Sum(s => s.Value);

    /// <summary>The histogram <paramref name="baseName"/> summed over silos: cumulative count per upper bound.</summary>
    public Histogram Histogram(string baseName)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (name, labels, value) in _samples)
        {
            if (name != baseName + "_bucket")
            {
                continue;
            }

            var le = Label(labels, "le");
            if (le is null)
            {
                continue;
            }

            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + value;
        }

        return new Histogram(buckets, Sum(baseName + "_sum"), Sum(baseName + "_count"));
    }

    private static string? Label(string labels, string key)
    {
        var marker = key + "=\"";
        var start = labels.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }

    private static bool TryParseSpecial(string text, out double value)
    {
        value = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.NaN,
        };
        return !double.IsNaN(value);
    }
}

/// <summary>A cumulative histogram (upper bound → count at or below it).</summary>
internal sealed class Histogram(SortedDictionary<double, double> buckets, double sum, double count)
{
    private readonly SortedDictionary<double, double> _buckets = buckets;

    public double Sum { get; } = sum;

    public double Count { get; } = count;

    /// <summary>This histogram minus an earlier scrape of the same one: what was recorded in between.</summary>
    public Histogram Minus(Histogram earlier)
    {
        var difference = new SortedDictionary<double, double>();
        foreach (var (bound, value) in _buckets)
        {
            difference[bound] = value - earlier._buckets.GetValueOrDefault(bound);
        }

        return new Histogram(difference, Sum - earlier.Sum, Count - earlier.Count);
    }

    /// <summary>
    /// The q-quantile, interpolated linearly inside the bucket that holds it (as Prometheus' histogram_quantile);
    /// null when empty. A quantile in the +Inf bucket answers the largest finite bound.
    /// </summary>
    public double? Quantile(double q)
    {
        var total = _buckets.Count > 0 ? _buckets.Last().Value : 0;
        if (total <= 0)
        {
            return null;
        }

        var rank = q * total;
        var lowerBound = 0.0;
        var lowerCount = 0.0;
        foreach (var (bound, cumulative) in _buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(bound))
                {
                    return lowerBound;
                }

                var inBucket = cumulative - lowerCount;
                return inBucket <= 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount) / inBucket);
            }

            lowerBound = bound;
            lowerCount = cumulative;
        }

        return lowerBound;
    }

}
