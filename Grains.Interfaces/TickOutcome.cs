namespace Uptime.Grains;

/// <summary>What a website grain made of a tick.</summary>
public enum TickVerdict
{
    /// <summary>The first answer to the check: folded into the live state; store it.</summary>
    Recorded,

    /// <summary>
    /// An answer to a check no newer than one this validator already answered: a re-send or a late answer. Store it
    /// (under the check's tick id, so a check is stored once) but leave the live state alone.
    /// </summary>
    Late,

    /// <summary>The website does not exist.</summary>
    UnknownWebsite,

    /// <summary>Answers no open check this website sent that validator; <see cref="TickOutcome.Error"/> says why.</summary>
    Unexpected,

    /// <summary>The timestamp lies outside the allowed window; <see cref="TickOutcome.Error"/> gives the window.</summary>
    BadTimestamp,
}

/// <summary>
/// What a website grain made of a tick, the website's status afterwards, the due time of the check it answered and whether
/// that check was a confirmation.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.tick-outcome")]
public sealed record TickOutcome(
    [property: Id(0)] TickVerdict Verdict,
    [property: Id(1)] WebsiteHealth Status,
    [property: Id(2)] DateTime DueAt = default,
    [property: Id(3)] string? Error = null,
    [property: Id(4)] bool Confirmation = false)
{
    public static readonly TickOutcome UnknownWebsite = new(TickVerdict.UnknownWebsite, WebsiteHealth.Unknown);

    public bool IsStored => Verdict is TickVerdict.Recorded or TickVerdict.Late;
}
