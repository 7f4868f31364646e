namespace Uptime.Agent.Checks.Tcp;

/// <summary>The host and port of a TCP monitor's URL, <c>tcp://host:port</c> (nothing after the port but an optional "/").</summary>
internal static class TcpTarget
{
    public static bool TryParse(string url, out string host, out int port)
    {
        host = "";
        port = 0;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme != "tcp"
            || uri.Port is < 1 or > 65535
            || uri.UserInfo.Length > 0
            || uri.PathAndQuery is not ("" or "/")
            || uri.Fragment.Length > 0
            || uri.IdnHost.Length == 0)
        {
            return false;
        }

        host = uri.IdnHost;
        port = uri.Port;
        return true;
    }
}
