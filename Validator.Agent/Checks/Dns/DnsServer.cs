using System.Net;

namespace Uptime.Agent.Checks.Dns;

/// <summary>A DNS check's <c>server</c>: "address" or "address:port" ("[v6]:port"), port 53 when none is given.</summary>
internal static class DnsServer
{
    public const int DefaultPort = 53;

    public static bool TryParse(string server, out IPEndPoint endPoint)
    {
        if (!IPEndPoint.TryParse(server, out var parsed))
        {
            endPoint = null!;
            return false;
        }

        endPoint = parsed.Port == 0 ? new IPEndPoint(parsed.Address, DefaultPort) : parsed;
        return true;
    }
}
