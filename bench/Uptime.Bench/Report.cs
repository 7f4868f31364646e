using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Uptime.Bench;

/// <summary>The result: printed as a table (sections of label, value, target, verdict) and written as JSON.</summary>
internal sealed class Report
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    private readonly List<(string Section, string Label, string Display, string? Target, bool? Pass)> _rows = [];
    private readonly Dictionary<string, Dictionary<string, object?>> _values = [];
    private readonly Dictionary<string, object?> _run = [];
    private readonly List<string> _notes = [];
    private string _section = "run";

    public void Run(string key, object? value) => _run[key] = value;

    public void Section(string title) => _section = title;

    /// <summary>A row of the table, and <paramref name="value"/> under <paramref name="key"/> in the JSON.</summary>
    public void Add(string key, string label, object? value, string display, string? target = null, bool? pass = null)
    {
        _rows.Add((_section, label, display, target, pass));
        if (!_values.TryGetValue(_section, out var section))
        {
            section = [];
            _values[_section] = section;
        }

        section[key] = target is null ? value : new Dictionary<string, object?> { ["value"] = value, ["target"] = target, ["pass"] = pass };
    }

    public void Note(string text) => _notes.Add(text);

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine();
        foreach (var (key, value) in _run)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key,-12} {value}");
        }

        string? current = null;
        foreach (var (section, label, display, target, pass) in _rows)
        {
            if (section != current)
            {
                current = section;
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"{section,-60} {"value",-30} {"target",-12} verdict");
                text.AppendLine(new string('─', 112));
            }

            var verdict = pass switch
            {
                true => "PASS",
                false => "FAIL",
                null => target is null ? string.Empty : "n/a",
            };
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-58} {display,-30} {target ?? string.Empty,-12} {verdict}").TrimEnd());
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Notes");
            foreach (var note in _notes)
            {
                text.AppendLine("  - " + note);
            }
        }

        return text.ToString();
    }

    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var document = new Dictionary<string, object?>
        {
            ["run"] = _run,
            ["results"] = _values,
            ["notes"] = _notes,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, _json) + "\n", cancellationToken);
    }
}

/// <summary>Number formatting for the table.</summary>
internal static class Format
{
    public static string Number(double? value, string format = "0.0") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static string Ms(Percentiles p) =>
        $"{Number(p.P50, "0")} / {Number(p.P99, "0")} / {Number(p.Max, "0")}";

    public static string Bytes(double? bytes)
    {
        if (bytes is not { } b || !double.IsFinite(b))
        {
            return "n/a";
        }

        var magnitude = Math.Abs(b);
        return magnitude switch
        {
            >= 1024 * 1024 * 1024 => Number(b / (1024 * 1024 * 1024), "0.00") + " GiB",
            >= 1024 * 1024 => Number(b / (1024 * 1024), "0.0") + " MiB",
            >= 1024 => Number(b / 1024, "0.0") + " KiB",
            _ => Number(b, "0") + " B",
        };
    }

    public static object? Round(double? value, int digits = 3) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;

    public static object PercentilesJson(Percentiles p) => new Dictionary<string, object?>
    {
        ["p50"] = Round(p.P50, 1),
        ["p99"] = Round(p.P99, 1),
        ["max"] = Round(p.Max, 1),
    };
}
