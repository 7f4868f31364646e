namespace Uptime.Grains;

/// <summary>What an operator configured for a website; the websites table is its source of truth.</summary>
public sealed record WebsiteDefinition(Guid Id, string Url, int IntervalSeconds, bool Enabled, VerdictPolicy? Policy = null)
{
    /// <summary>The verdict policy, defaults where the operator set nothing.</summary>
    public VerdictPolicy Verdict => Policy ?? VerdictPolicy.Default;
}
