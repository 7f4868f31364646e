namespace Uptime.Grains.Verdicts;

/// <summary>One region's fresh ticks for a website, counted.</summary>
internal struct RegionTally
{
    public string Region;

    /// <summary>The region has an online validator that is not impaired: it is expected to vote.</summary>
    public bool Expected;
    public int Validators;
    public int Votes;
    public int Good;

    /// <summary>Good votes slower than the website's degradedLatencyMs.</summary>
    public int Slow;

    /// <summary>The error of the region's first Bad vote, for the reason.</summary>
    public string? FirstError;

    public readonly bool Usable => Votes > 0;

    /// <summary>Counts towards the quorum's base: it voted, or it is expected to.</summary>
    public readonly bool Counted => Votes > 0 || Expected;

    public readonly WebsiteHealth Status => Votes == 0 ? WebsiteHealth.Unknown
        : Good == 0 ? WebsiteHealth.Down
        : Good < Votes || Slow * 2 > Good ? WebsiteHealth.Degraded
        : WebsiteHealth.Up;
}
