namespace Uptime.Protocol.Checks;

/// <summary>
/// What a validator announces in REGISTER's optional <c>capabilities</c>: the rich check items it can run. The hub sends
/// an item with a <c>check</c> object only to a validator that announced the item's capability; a validator that
/// announced none (a spec-only client) receives plain <c>{websiteId,url,interval}</c> items for plain HTTP monitors only.
/// </summary>
public static class CheckCapabilities
{
    /// <summary>An HTTP check definition: method, headers, body, status codes, redirects, timeout, assertions.</summary>
    public const string Http = "http";

    public const string Tcp = "tcp";

    public const string Dns = "dns";

    /// <summary>Every capability this codebase's agent has.</summary>
    public static readonly IReadOnlyList<string> All = [Http, Tcp, Dns];

    public const int MaxCount = 16;

    public const int MaxLength = 32;

    /// <summary>The capability a validator needs for a monitor of <paramref name="type"/>; null for a plain HTTP monitor (any validator) and push (none).</summary>
    public static string? RequiredFor(MonitorType type, bool hasCheckDefinition) => type switch
    {
        MonitorType.Http => hasCheckDefinition ? Http : null,
        MonitorType.Tcp => Tcp,
        MonitorType.Dns => Dns,
        _ => null,
    };
}
