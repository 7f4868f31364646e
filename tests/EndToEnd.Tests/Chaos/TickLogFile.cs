using System.Globalization;
using System.Text;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>
/// One line of an agent's tick log: <c>&lt;tickId&gt; &lt;websiteId&gt; &lt;Good|Bad&gt; &lt;timestamp&gt;</c>; the
/// timestamp (when the check finished) is when the agent produced the tick.
/// </summary>
internal sealed record LoggedTick(Guid TickId, Guid WebsiteId, string Status, DateTime ProducedAt);

/// <summary>Reads an agent's <c>AGENT_TICK_LOG</c> file (while the agent may still be appending to it).</summary>
internal static class TickLogFile
{
    /// <summary>The complete lines so far (a line still being written, without its newline, is left out).</summary>
    public static IReadOnlyList<LoggedTick> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        var complete = text.LastIndexOf('\n');
        if (complete < 0)
        {
            return [];
        }

        var ticks = new List<LoggedTick>();
        foreach (var line in text[..complete].Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length != 4 || !Guid.TryParse(parts[0], out var tickId) || !Guid.TryParse(parts[1], out var websiteId)
                || parts[2] is not ("Good" or "Bad") || tickId == Guid.Empty
                || !DateTime.TryParse(parts[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var producedAt))
            {
                throw new XunitException($"{path}: malformed tick log line \"{line}\" (expected \"<tickId> <websiteId> <Good|Bad> <timestamp>\")");
            }

            ticks.Add(new LoggedTick(tickId, websiteId, parts[2], producedAt));
        }

        return ticks;
    }
}
