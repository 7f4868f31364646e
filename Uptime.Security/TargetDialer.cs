using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Uptime.Security;

/// <summary>
/// Opens the TCP connection of every check, and of the hub's notifications (the <see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host
/// itself, refuses the connection when any of its addresses is refused (<see cref="TargetAddressPolicy"/>, unless
/// ALLOW_PRIVATE_TARGETS), and connects only to the addresses it checked, so a name that resolves differently on a
/// second lookup (DNS rebinding) cannot slip through. Literal addresses are not resolved.
/// </summary>
public sealed class TargetDialer(
    Func<IPAddress, string?> refusalReason,
    Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    /// <summary>The real resolver, and the address policy unless private targets are allowed (ALLOW_PRIVATE_TARGETS).</summary>
    public static TargetDialer For(bool allowPrivateTargets) =>
        new(allowPrivateTargets ? static _ => null : TargetAddressPolicy.RefusalReason, Dns.GetHostAddressesAsync);

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint, trace: null, cancellationToken);

    /// <summary>Connects to <paramref name="endPoint"/> under the rules above; <paramref name="trace"/>, when given, receives the timings and the address.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, DialTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var host = endPoint.Host;
        var isLiteral = IPAddress.TryParse(host.AsSpan().Trim("[]"), out var literal);
        var resolving = Stopwatch.GetTimestamp();
        var addresses = isLiteral ? [literal!] : await resolve(host, cancellationToken);
        if (trace is not null && !isLiteral)
        {
            trace.Resolve = DialTrace.Since(resolving);
        }

        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            if (refusalReason(address) is { } reason)
            {
                throw new TargetRefusedException(isLiteral ? $"Refused: {reason}" : $"Refused: {reason} (address of {host})");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var port = endPoint.Port;
            var only = addresses.Length == 1 ? new IPEndPoint(addresses[0], port) : null;
            var connecting = Stopwatch.GetTimestamp();
            await (only is not null
                ? socket.ConnectAsync(only, cancellationToken)
                : socket.ConnectAsync(addresses, port, cancellationToken));
            if (trace is not null)
            {
                trace.ConnectedAt = Stopwatch.GetTimestamp();
                trace.Connect = Stopwatch.GetElapsedTime(connecting, trace.ConnectedAt);
                trace.RemoteEndPoint = only ?? Unmapped(socket.RemoteEndPoint);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The IPv4 form of an address the dual-mode socket reports as IPv4-mapped IPv6.</summary>
    private static IPEndPoint? Unmapped(EndPoint? endPoint) => endPoint is IPEndPoint { Address.IsIPv4MappedToIPv6: true } mapped
        ? new IPEndPoint(mapped.Address.MapToIPv4(), mapped.Port)
        : endPoint as IPEndPoint;
}
