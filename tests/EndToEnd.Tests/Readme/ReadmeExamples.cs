using System.Text.RegularExpressions;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Readme;

/// <summary>A <c>```bash</c> block of the README, with the heading of the section it stands in.</summary>
internal sealed record ShellExample(string Section, string Text)
{
    public string FirstLine => Text.Split('\n')[0];
}

/// <summary>The README's shell examples, as a user copies them.</summary>
internal static partial class ReadmeExamples
{
    public static IReadOnlyList<ShellExample> All { get; } = Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")));

    /// <summary>The one example whose first line starts with <paramref name="start"/>.</summary>
    public static ShellExample StartingWith(string start) => All.Single(example => example.FirstLine.StartsWith(start, StringComparison.Ordinal));

    /// <summary>
    /// <paramref name="example"/> made runnable beside other tests: each literal port in <paramref name="ports"/> replaced
    /// by its free stand-in, and binaries taken from this test run's build configuration. Throws when the example
    /// names a port the caller did not map, so a port added to the README cannot collide with a test's.
    /// </summary>
    public static string WithPorts(ShellExample example, IReadOnlyDictionary<int, int> ports)
    {
        var unmapped = PortLike().Matches(example.Text).Select(match => int.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture))
            .Where(port => !ports.ContainsKey(port)).Distinct().ToList();
        if (unmapped.Count > 0)
        {
            throw new InvalidOperationException($"The README example in \"{example.Section}\" uses port(s) {string.Join(", ", unmapped)} that the test does not replace:\n{example.Text}");
        }

        return PortLike().Replace(example.Text, match => $"{ports[int.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture)]}")
            .Replace("/bin/Release/", $"/bin/{RepositoryLayout.Configuration}/", StringComparison.Ordinal);
    }

    private static List<ShellExample> Parse(string readme)
    {
        var examples = new List<ShellExample>();
        var section = "";
        List<string>? block = null;
        foreach (var line in readme.Split('\n'))
        {
            if (block is not null)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    examples.Add(new ShellExample(section, string.Join('\n', block)));
                    block = null;
                }
                else
                {
                    block.Add(line);
                }
            }
            else if (line.StartsWith("```bash", StringComparison.Ordinal))
            {
                block = [];
            }
            else if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
            }
        }

        return examples;
    }

    /// <summary>A whole number of 4–5 digits standing alone (not part of a hex address, a version or a name).</summary>
    [GeneratedRegex(@"(?<![\w.])\d{4,5}(?![\w.])")]
    private static partial Regex PortLike();
}
