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

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var isLiteral = IPAddress.TryParse(host.AsSpan().Trim("[]"), out var literal);
        var addresses = isLiteral ? [literal!] : await resolve(host, cancellationToken);
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
            var port = context.DnsEndPoint.Port;
            await (addresses.Length == 1
                ? socket.ConnectAsync(new IPEndPoint(addresses[0], port), cancellationToken)
                : socket.ConnectAsync(addresses, port, cancellationToken));
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
