using System.Globalization;
using System.Text;

namespace Uptime.Testing;

/// <summary>
/// <c>deploy/haproxy.cfg</c> filled in as <c>uptime.sh</c>'s <c>render_haproxy</c> fills it: the listen address on
/// 127.0.0.1 and, in each backend, one <c>server siloN 127.0.0.1:port</c> line per silo.
/// </summary>
public static class HaproxyConfig
{
    public const string Binary = "/usr/sbin/haproxy";

    public static string Render(string repositoryRoot, int listenPort, IReadOnlyList<int> siloPorts)
    {
        var servers = new StringBuilder();
        for (var i = 0; i < siloPorts.Count; i++)
        {
            servers.Append(CultureInfo.InvariantCulture, $"    server silo{i + 1} 127.0.0.1:{siloPorts[i]}\n");
        }

        var rendered = new StringBuilder();
        foreach (var line in File.ReadAllText(Path.Combine(repositoryRoot, "deploy", "haproxy.cfg")).Split('\n'))
        {
            if (line.Contains("__SERVERS__", StringComparison.Ordinal))
            {
                rendered.Append(servers);
                continue;
            }

            rendered.Append(line.Replace("__LISTEN__", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{listenPort}"), StringComparison.Ordinal)).Append('\n');
        }

        var text = rendered.ToString().TrimEnd('\n') + "\n";
        return text.Contains("__LISTEN__", StringComparison.Ordinal) || text.Contains("__SERVERS__", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"deploy/haproxy.cfg still has a placeholder after rendering:\n{text}")
            : text;
    }
}
