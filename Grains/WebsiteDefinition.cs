namespace Uptime.Grains;

/// <summary>
/// What an operator configured for a website; the websites table is its source of truth. <c>Monitor</c>: its monitor type
/// and check definition, null for the plain HTTP check.
/// </summary>
public sealed record WebsiteDefinition(
    Guid Id, string Url, int IntervalSeconds, bool Enabled, VerdictPolicy? Policy = null, MonitorSpec? Monitor = null)
{
    /// <summary>How the website is checked, the plain HTTP check where the operator set nothing.</summary>
    public MonitorSpec Spec => Monitor ?? MonitorSpec.PlainHttp;

    /// <summary>The verdict policy, defaults where the operator set nothing.</summary>
    public VerdictPolicy Verdict => Policy ?? VerdictPolicy.Default;
}
