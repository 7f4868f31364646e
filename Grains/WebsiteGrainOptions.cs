namespace Uptime.Grains;

/// <summary>How the website grain judges its live status.</summary>
public sealed class WebsiteGrainOptions
{
    /// <summary>A validator's latest tick counts towards the live status while younger than this many intervals.</summary>
    public double FreshnessIntervals { get; set; } = 2.5;

    /// <summary>
    /// How long the check a dispatch just sent may take to be answered (the spec's 10 s request timeout and the trip
    /// back): on the dispatch timer ticks stay fresh this much longer, so a round in flight never reads as a moment of
    /// Unknown (or Down for Degraded) that its answer undoes milliseconds later.
    /// </summary>
    public TimeSpan AnswerAllowance { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>How long a status change found mid-round waits for the round's other answers, at most.</summary>
    public TimeSpan RoundSettle { get; set; } = TimeSpan.FromSeconds(3);
}
