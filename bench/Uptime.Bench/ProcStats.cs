using System.Globalization;
using System.Runtime.InteropServices;

namespace Uptime.Bench;

/// <summary>CPU time and memory of processes, read from <c>/proc</c>.</summary>
internal static partial class ProcStats
{
    private const int ScClkTck = 2;

    private static readonly double _ticksPerSecond = ReadClockTicks();

    /// <summary>One process: its own CPU seconds (user + system), those of its reaped children, RSS and PSS in bytes.</summary>
    public readonly record struct ProcessSample(int Pid, int ParentPid, double CpuSeconds, double ReapedChildrenCpuSeconds, long RssBytes, long PssBytes);

    public static ProcessSample? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 of proc(5): ppid is field 4, utime..cstime fields 14..17.
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var cpu = (Ticks(fields[11]) + Ticks(fields[12])) / _ticksPerSecond;
            var children = (Ticks(fields[13]) + Ticks(fields[14])) / _ticksPerSecond;
            return new ProcessSample(pid, parent, cpu, children, StatusKiB(pid, "VmRSS:") * 1024, SmapsKiB(pid, "Pss:") * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Live processes whose parent is <paramref name="parentPid"/>.</summary>
    public static IEnumerable<int> Children(int parentPid)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ParentOf(pid) == parentPid)
            {
                yield return pid;
            }
        }
    }

    /// <summary>The parent process id, or null when the process is gone.</summary>
    public static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 3);
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Each live child of <paramref name="parentPid"/>: its process title (PostgreSQL sets one per role) and CPU seconds.</summary>
    public static Dictionary<int, (string Title, double CpuSeconds)> ChildTitles(int parentPid)
    {
        var result = new Dictionary<int, (string, double)>();
        foreach (var child in Children(parentPid))
        {
            if (Read(child) is not { } sample)
            {
                continue;
            }

            string title;
            try
            {
                title = File.ReadAllText($"/proc/{child}/cmdline").Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue;
            }

            result[child] = (title, sample.CpuSeconds);
        }

        return result;
    }

    private static long Ticks(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static long StatusKiB(int pid, string key) => KiB($"/proc/{pid}/status", key);

    private static long SmapsKiB(int pid, string key) => KiB($"/proc/{pid}/smaps_rollup", key);

    private static long KiB(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static double ReadClockTicks()
    {
        try
        {
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}

/// <summary>
/// Processes measured together (the hub silos, the agents, PostgreSQL, …). For a root that reaps children (the
/// PostgreSQL postmaster, nginx's master) the children are counted too: live ones by their own times, exited ones
/// through the root's reaped-children times, so a CPU difference between two samples is exact.
/// </summary>
internal sealed class ProcessGroup(string name, Func<IReadOnlyList<int>> roots, bool withChildren)
{
    public string Name { get; } = name;

    public GroupSample Sample()
    {
        double cpu = 0;
        long rss = 0;
        long pss = 0;
        var perRoot = new List<double>();
        var count = 0;
        foreach (var root in roots())
        {
            if (ProcStats.Read(root) is not { } sample)
            {
                perRoot.Add(0);
                continue;
            }

            var rootCpu = sample.CpuSeconds;
            rss += sample.RssBytes;
            pss += sample.PssBytes;
            count++;
            if (withChildren)
            {
                rootCpu += sample.ReapedChildrenCpuSeconds;
                foreach (var child in ProcStats.Children(root))
                {
                    if (ProcStats.Read(child) is { } childSample)
                    {
                        rootCpu += childSample.CpuSeconds;
                        rss += childSample.RssBytes;
                        pss += childSample.PssBytes;
                        count++;
                    }
                }
            }

            cpu += rootCpu;
            perRoot.Add(rootCpu);
        }

        return new GroupSample(cpu, rss, pss, count, perRoot);
    }
}

/// <summary>A group's CPU seconds so far, its memory now, and the CPU seconds of each root (each silo, each agent).</summary>
internal sealed record GroupSample(double CpuSeconds, long RssBytes, long PssBytes, int Processes, IReadOnlyList<double> CpuPerRoot);
