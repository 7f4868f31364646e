using System.Globalization;
using System.Text.Json;

namespace Uptime.Protocol;

/// <summary>
/// Reads typed fields from a message payload. The first problem is kept in <see cref="Error"/> as a precise
/// <see cref="ProtocolError"/>; reads after an error return defaults, so a parser reads every field and checks once.
/// </summary>
internal sealed class PayloadReader(JsonElement payload, string path = "payload")
{
    /// <summary>ISO-8601 date and time with optional fraction and optional offset (none means UTC).</summary>
    private const string Iso8601Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK";

    public ProtocolError? Error { get; private set; }

    public string RequiredString(string name, int maxLength)
    {
        if (!TryGet(name, out var element))
        {
            return Missing(name, "");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Invalid(name, "must be a string", "");
        }

        var value = element.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            return Invalid(name, "must not be empty", "");
        }

        if (value.Contains('\0'))
        {
            return Invalid(name, "must not contain NUL characters", "");
        }

        return value.Length > maxLength ? Invalid(name, $"must be at most {maxLength} characters", "") : value;
    }

    public string? OptionalString(string name, int maxLength)
    {
        if (!TryGet(name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Invalid<string?>(name, "must be a string or null", null);
        }

        var value = element.GetString()!;
        if (value.Contains('\0'))
        {
            return Invalid<string?>(name, "must not contain NUL characters", null);
        }

        return value.Length > maxLength ? Invalid<string?>(name, $"must be at most {maxLength} characters", null) : value;
    }

    public Guid RequiredGuid(string name)
    {
        var text = RequiredString(name, 64);
        if (Error is not null)
        {
            return Guid.Empty;
        }

        return Guid.TryParse(text, out var value) ? value : Invalid(name, "must be a UUID", Guid.Empty);
    }

    public Guid? OptionalGuid(string name)
    {
        var text = OptionalString(name, 64);
        if (text is null || Error is not null)
        {
            return null;
        }

        return Guid.TryParse(text, out var value) ? value : Invalid<Guid?>(name, "must be a UUID", null);
    }

    public bool? OptionalBool(string name)
    {
        if (!TryGet(name, out var element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Invalid<bool?>(name, "must be true or false", null),
        };
    }

    public double RequiredNumber(string name, double min, double max)
    {
        if (!TryGet(name, out var element))
        {
            return Missing(name, 0d);
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            return Invalid(name, "must be a number", 0d);
        }

        return value < min || value > max ? Invalid(name, $"must be between {min} and {max}", 0d) : value;
    }

    public int RequiredInt(string name, int min, int max)
    {
        var number = RequiredNumber(name, min, max);
        if (Error is not null)
        {
            return 0;
        }

        return number == Math.Floor(number) ? (int)number : Invalid(name, "must be an integer", 0);
    }

    public double? OptionalNumber(string name, double min, double max)
    {
        if (!TryGet(name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            return Invalid<double?>(name, "must be a number or null", null);
        }

        return value < min || value > max ? Invalid<double?>(name, $"must be between {min} and {max}", null) : value;
    }

    public int? OptionalInt(string name, int min, int max)
    {
        var number = OptionalNumber(name, min, max);
        if (number is not { } value)
        {
            return null;
        }

        return value == Math.Floor(value) ? (int)value : Invalid<int?>(name, "must be an integer or null", null);
    }

    /// <summary>The named field when it is an object, for a nested <see cref="PayloadReader"/> at <see cref="PathOf"/>.</summary>
    public JsonElement? OptionalObject(string name)
    {
        if (!TryGet(name, out var element))
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Object ? element : Invalid<JsonElement?>(name, "must be an object or null", null);
    }

    /// <summary>A list of non-empty strings without NUL, each at most <paramref name="maxLength"/>, at most <paramref name="maxCount"/> of them.</summary>
    public IReadOnlyList<string>? OptionalStrings(string name, int maxCount, int maxLength)
    {
        if (!TryGet(name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return Invalid<IReadOnlyList<string>?>(name, "must be an array of strings or null", null);
        }

        if (element.GetArrayLength() > maxCount)
        {
            return Invalid<IReadOnlyList<string>?>(name, $"must have at most {maxCount} items", null);
        }

        var values = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (string.IsNullOrWhiteSpace(value) || value.Contains('\0') || value.Length > maxLength)
            {
                return Invalid<IReadOnlyList<string>?>(
                    $"{name}[{values.Count}]", $"must be a non-empty string of at most {maxLength} characters", null);
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>The path of a nested field, for the reader of an object found by <see cref="OptionalObject"/>.</summary>
    public string PathOf(string name) => $"{path}.{name}";

    public DateTime RequiredTimestamp(string name)
    {
        var text = RequiredString(name, 64);
        if (Error is not null)
        {
            return default;
        }

        return DateTimeOffset.TryParseExact(text, Iso8601Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime
            : Invalid(name, "must be an ISO-8601 timestamp", default(DateTime));
    }

    public DateTime? OptionalTimestamp(string name)
    {
        var text = OptionalString(name, 64);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(text, Iso8601Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime
            : Invalid<DateTime?>(name, "must be an ISO-8601 timestamp or null", null);
    }

    public TickStatus RequiredStatus(string name)
    {
        var text = RequiredString(name, 8);
        return text switch
        {
            _ when Error is not null => TickStatus.Bad,
            "Good" => TickStatus.Good,
            "Bad" => TickStatus.Bad,
            _ => Invalid(name, "must be \"Good\" or \"Bad\"", TickStatus.Bad),
        };
    }

    public JsonElement RequiredArray(string name)
    {
        if (!TryGet(name, out var element))
        {
            return Missing(name, default(JsonElement));
        }

        return element.ValueKind == JsonValueKind.Array ? element : Invalid(name, "must be an array", default(JsonElement));
    }

    /// <summary>Records a problem found by the caller (e.g. in a nested object); the first one wins.</summary>
    public void Fail(ProtocolError error) => Error ??= error;

    private bool TryGet(string name, out JsonElement element)
    {
        element = default;
        return Error is null && payload.TryGetProperty(name, out element) && element.ValueKind != JsonValueKind.Null;
    }

    private T Missing<T>(string name, T fallback)
    {
        Error ??= new ProtocolError(ErrorCodes.MissingField, $"{path}.{name} is required");
        return fallback;
    }

    private T Invalid<T>(string name, string rule, T fallback)
    {
        Error ??= new ProtocolError(ErrorCodes.InvalidField, $"{path}.{name} {rule}");
        return fallback;
    }
}
