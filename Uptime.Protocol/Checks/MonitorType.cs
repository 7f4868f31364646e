namespace Uptime.Protocol.Checks;

/// <summary>
/// What a monitor checks. <c>Http</c> is the spec's website check (the default); <c>Tcp</c> and <c>Dns</c> run on
/// validators that announced the capability; <c>Push</c> is judged by the hub alone (a job calls in; no validator runs it).
/// </summary>
public enum MonitorType
{
    Http,
    Tcp,
    Dns,
    Push,
}

/// <summary>The names of monitor types in the API and on the wire, lower case.</summary>
public static class MonitorTypeNames
{
    public const string Http = "http";
    public const string Tcp = "tcp";
    public const string Dns = "dns";
    public const string Push = "push";

    public static string NameOf(MonitorType type) => type switch
    {
        MonitorType.Http => Http,
        MonitorType.Tcp => Tcp,
        MonitorType.Dns => Dns,
        MonitorType.Push => Push,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? name, out MonitorType type)
    {
        (var known, type) = name switch
        {
            Http => (true, MonitorType.Http),
            Tcp => (true, MonitorType.Tcp),
            Dns => (true, MonitorType.Dns),
            Push => (true, MonitorType.Push),
            _ => (false, MonitorType.Http),
        };
        return known;
    }
}
