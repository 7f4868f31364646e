namespace Uptime.Grains;

/// <summary>
/// What an operator configured for a website; the websites table is its source of truth. <c>Monitor</c>: its monitor type
/// and check definition, null for the plain HTTP check. <c>PushGraceSeconds</c>: for a push monitor, how long after its
/// interval a missing push is tolerated (its check definition's grace), read by the hub, which parses check definitions.
/// </summary>
public sealed record WebsiteDefinition(
    Guid Id, string Url, int IntervalSeconds, bool Enabled, VerdictPolicy? Policy = null, MonitorSpec? Monitor = null, int PushGraceSeconds = 0)
{
    /// <summary>Whether the hub judges it from the pushes of a job (no validator runs it).</summary>
    public bool IsPush => Spec.Type == MonitorSpec.PushType;

    /// <summary>How the website is checked, the plain HTTP check where the operator set nothing.</summary>
    public MonitorSpec Spec => Monitor ?? MonitorSpec.PlainHttp;

    /// <summary>The verdict policy, defaults where the operator set nothing.</summary>
    public VerdictPolicy Verdict => Policy ?? VerdictPolicy.Default;
}
