namespace Uptime.Grains;

/// <summary>How the website grain judges its live status.</summary>
public sealed class WebsiteGrainOptions
{
    /// <summary>A validator's latest tick counts towards the live status while younger than this many intervals.</summary>
    public double FreshnessIntervals { get; set; } = 2.5;
}
