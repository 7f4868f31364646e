using System.Net;
using System.Net.Sockets;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// TCP ports on 127.0.0.1 that nothing listens on: bound to port 0 and released. A port is handed out once per
/// test run, so two fixtures never get the same one (another program may still take it in between).
/// </summary>
internal static class FreePort
{
    private static readonly HashSet<int> _handedOut = [];
    private static readonly Lock _lock = new();

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (_lock)
            {
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive ports that nothing listens on (for programs that number their ports).</summary>
    public static int NextRun(int count)
    {
        while (true)
        {
            var first = Next();
            if (first + count <= IPEndPoint.MaxPort && Enumerable.Range(first + 1, count - 1).All(IsFree))
            {
                return first;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
