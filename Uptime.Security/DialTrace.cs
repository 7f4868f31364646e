using System.Diagnostics;
using System.Net;

namespace Uptime.Security;

/// <summary>
/// What one <see cref="TargetDialer.ConnectAsync(DnsEndPoint, DialTrace?, CancellationToken)"/> saw: how long name
/// resolution (null for a literal address, which is not resolved) and the TCP connect took, and the address it connected to.
/// </summary>
public sealed class DialTrace
{
    public TimeSpan? Resolve { get; internal set; }

    public TimeSpan? Connect { get; internal set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the connection opened; 0 when it did not.</summary>
    public long ConnectedAt { get; internal set; }

    public IPEndPoint? RemoteEndPoint { get; internal set; }

    internal static TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp);
}
