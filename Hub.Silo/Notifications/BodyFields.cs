using System.Text.Json;
using System.Text.Json.Nodes;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The fields of a notifications API body (one JSON object, see <see cref="JsonObjectBody"/>), read one at a time by name;
/// each wrong field is recorded in <see cref="Errors"/> under its name, with a message naming it. Unknown and repeated
/// fields are refused when the body is read.
/// </summary>
public sealed class BodyFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    private BodyFields()
    {
    }

    public Dictionary<string, string[]> Errors { get; } = [];

    /// <summary>The body's fields; <paramref name="known"/> lists those it may have.</summary>
    public static BodyFields Read(JsonElement body, IReadOnlyList<string> known)
    {
        var fields = new BodyFields();
        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                fields.Errors[property.Name] = [$"Unknown field \"{property.Name}\"; expected {string.Join(", ", known)}"];
            }
            else if (!fields._fields.TryAdd(property.Name, property.Value))
            {
                fields.Errors[property.Name] = [$"{property.Name} appears more than once"];
            }
        }

        return fields;
    }

    public bool Has(string name) => _fields.ContainsKey(name);

    /// <summary>Given, and given as <c>null</c> (which clears an optional field).</summary>
    public bool IsNull(string name) => _fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Null;

    public void Fail(string name, string message) => Errors[name] = [message];

    /// <summary>Trimmed text of 1 to <paramref name="maxLength"/> characters; null when absent, null or wrong.</summary>
    public string? Text(string name, int maxLength)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = StringOf(value)?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > maxLength || text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            Fail(name, $"{name} must be a string of 1 to {maxLength} characters");
            return null;
        }

        return text;
    }

    public bool? Boolean(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Fail(name, $"{name} must be true or false");
        return null;
    }

    public int? Integer(string name, int min, int max, string unit)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Fail(name, $"{name} must be a whole number of {unit} between {min} and {max}, got {value.GetRawText()}");
        return null;
    }

    public JsonObject? Object(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(name, $"{name} must be a JSON object");
            return null;
        }

        return JsonNode.Parse(value.GetRawText())!.AsObject();
    }

    /// <summary>A list of 1 to <paramref name="max"/> distinct ids; null when absent, null or wrong.</summary>
    public Guid[]? Ids(string name, int max, string what)
    {
        var items = Items(name, max, $"{name} must be a list of 1 to {max} {what} ids");
        if (items is null)
        {
            return null;
        }

        var ids = new List<Guid>();
        foreach (var item in items)
        {
            if (!Guid.TryParse(StringOf(item), out var id))
            {
                Fail(name, $"{name} must hold {what} ids (GUIDs), got {item.GetRawText()}");
                return null;
            }

            if (ids.Contains(id))
            {
                Fail(name, $"{name} lists {id} more than once");
                return null;
            }

            ids.Add(id);
        }

        return [.. ids];
    }

    /// <summary>A list of 1 to <paramref name="max"/> distinct strings, each as <paramref name="normalize"/> returns it (null: refused).</summary>
    public string[]? Words(string name, int max, string rule, Func<string, string?> normalize)
    {
        var items = Items(name, max, $"{name} must be a list of 1 to {max} items, each {rule}");
        if (items is null)
        {
            return null;
        }

        var words = new List<string>();
        foreach (var item in items)
        {
            if (StringOf(item) is not { } text || normalize(text) is not { } word)
            {
                Fail(name, $"{name} must be a list of 1 to {max} items, each {rule}; got {item.GetRawText()}");
                return null;
            }

            if (!words.Contains(word))
            {
                words.Add(word);
            }
        }

        return [.. words];
    }

    private List<JsonElement>? Items(string name, int max, string rule)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 || value.GetArrayLength() > max)
        {
            Fail(name, rule);
            return null;
        }

        return [.. value.EnumerateArray()];
    }

    /// <summary>The text of a JSON string; null for another kind or for invalid UTF-8 and unpaired surrogate escapes.</summary>
    private static string? StringOf(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
