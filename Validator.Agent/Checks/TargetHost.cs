namespace Uptime.Agent.Checks;

/// <summary>
/// The host a check is counted against for <see cref="HostSlots"/>: its URL's host and port as written, without user info
/// (tcp://host:port as http's; dns://name counts the name asked about, whichever server answers).
/// </summary>
internal static class TargetHost
{
    /// <summary>A slice of <paramref name="url"/>, so finding a check's host allocates nothing; the whole URL when it has no authority.</summary>
    public static ReadOnlySpan<char> Of(string url)
    {
        var rest = url.AsSpan();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = rest[(scheme + 3)..];
        }

        var pathStart = rest.IndexOfAny('/', '?', '#');
        if (pathStart >= 0)
        {
            rest = rest[..pathStart];
        }

        return rest[(rest.LastIndexOf('@') + 1)..];
    }
}
