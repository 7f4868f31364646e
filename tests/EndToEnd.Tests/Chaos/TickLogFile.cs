using System.Buffers.Binary;
using System.Text;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>One line of an agent's tick log: <c>&lt;tickId&gt; &lt;websiteId&gt; &lt;Good|Bad&gt;</c>.</summary>
internal sealed record LoggedTick(Guid TickId, Guid WebsiteId, string Status)
{
    /// <summary>When the agent produced the tick: the millisecond timestamp of its version 7 tick id.</summary>
    public DateTime ProducedAt => TickLogFile.Version7Time(TickId);
}

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
            if (parts.Length != 3 || !Guid.TryParse(parts[0], out var tickId) || !Guid.TryParse(parts[1], out var websiteId)
                || parts[2] is not ("Good" or "Bad") || tickId == Guid.Empty)
            {
                throw new XunitException($"{path}: malformed tick log line \"{line}\" (expected \"<tickId> <websiteId> <Good|Bad>\")");
            }

            ticks.Add(new LoggedTick(tickId, websiteId, parts[2]));
        }

        return ticks;
    }

    public static DateTime Version7Time(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var milliseconds = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
        return DateTime.UnixEpoch.AddMilliseconds(milliseconds);
    }
}
