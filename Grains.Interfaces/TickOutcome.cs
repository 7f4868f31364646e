namespace Uptime.Grains;

/// <summary>What a website grain made of a tick: whether the website exists, and its status afterwards.</summary>
[GenerateSerializer, Immutable, Alias("uptime.tick-outcome")]
public sealed record TickOutcome(
    [property: Id(0)] bool WebsiteExists,
    [property: Id(1)] WebsiteHealth Status)
{
    public static readonly TickOutcome UnknownWebsite = new(false, WebsiteHealth.Unknown);
}
