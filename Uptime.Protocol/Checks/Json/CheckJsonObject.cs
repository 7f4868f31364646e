using System.Text;
using System.Text.Json;

namespace Uptime.Protocol.Checks.Json;

/// <summary>
/// One JSON object of a check definition with only known fields, each at most once; its getters read a field or throw a
/// <see cref="CheckDefinitionProblem"/> naming its path. A field that is absent or JSON null takes its default.
/// </summary>
internal sealed class CheckJsonObject
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    private CheckJsonObject(string path) => Path = path;

    public string Path { get; }

    public static CheckJsonObject Open(JsonElement element, string path, IReadOnlyList<string> knownFields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CheckDefinitionProblem($"{path} must be an object");
        }

        var fields = new CheckJsonObject(path);
        foreach (var property in element.EnumerateObject())
        {
            if (!knownFields.Contains(property.Name))
            {
                throw new CheckDefinitionProblem(
                    $"{fields.At(property.Name)} is not a known field; expected {string.Join(", ", knownFields)}");
            }

            if (!fields._fields.TryAdd(property.Name, property.Value))
            {
                throw new CheckDefinitionProblem($"{fields.At(property.Name)} appears more than once");
            }
        }

        return fields;
    }

    /// <summary>The path of a member, its name made printable.</summary>
    public string At(string name) => $"{Path}.{Printable(name)}";

    /// <summary>The field's value, also when it is JSON null; false when absent.</summary>
    public bool TryGetRaw(string name, out JsonElement value) => _fields.TryGetValue(name, out value);

    /// <summary>The field's value; false when absent or null.</summary>
    public bool TryGet(string name, out JsonElement value) =>
        _fields.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name, int maxLength)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        var text = Text(value, At(name));
        if (text.Length > maxLength)
        {
            throw new CheckDefinitionProblem($"{At(name)} must be at most {maxLength} characters");
        }

        return text;
    }

    /// <summary>A text sent or compared as UTF-8: not empty, at most <paramref name="maxBytes"/> bytes.</summary>
    public string? Utf8(string name, int maxBytes)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        var text = Text(value, At(name));
        if (text.Length == 0)
        {
            throw new CheckDefinitionProblem($"{At(name)} must not be empty (leave it out instead)");
        }

        if (Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            throw new CheckDefinitionProblem($"{At(name)} must be at most {maxBytes} bytes of UTF-8");
        }

        return text;
    }

    public int Int(string name, int min, int max, int fallback)
    {
        if (!TryGet(name, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        throw new CheckDefinitionProblem($"{At(name)} must be a whole number between {min} and {max}");
    }

    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new CheckDefinitionProblem($"{At(name)} must be true or false"),
        };
    }

    /// <summary>The string in <paramref name="value"/>; a problem at <paramref name="path"/> when it is none or not valid Unicode.</summary>
    public static string Text(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new CheckDefinitionProblem($"{path} must be a string");
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // GetString throws on invalid UTF-8 bytes and unpaired surrogate escapes.
            throw new CheckDefinitionProblem($"{path} must be valid Unicode text");
        }
    }

    /// <summary><paramref name="text"/> with control characters escaped, for a message.</summary>
    public static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) : text;
}
