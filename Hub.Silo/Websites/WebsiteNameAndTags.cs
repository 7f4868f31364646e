using System.Text.Json;

namespace Uptime.Hub.Websites;

/// <summary>
/// The rules for a website's display name and tags (sql/109_notifications.sql; notification policies route by tag), each
/// broken rule a message naming the field.
/// </summary>
public static class WebsiteNameAndTags
{
    public const int MaxNameLength = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    public const string TagRule = "1 to 50 characters of a-z, 0-9, '.', '_' and '-' (upper case is lower-cased)";

    private const string NameRule = "name must be null (no name) or a string of 1 to 200 characters without control characters";
    private const string TagsRule = $"tags must be an array of at most 20 tags, each {TagRule}";

    /// <summary>The name a body gave: trimmed, or null to clear it; null (and an error) when it breaks the rule.</summary>
    public static Set<string?>? ReadName(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Set<string?>(null);
        }

        var name = value.ValueKind == JsonValueKind.String ? TryGetString(value)?.Trim() : null;
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [NameRule];
            return null;
        }

        return new Set<string?>(name);
    }

    /// <summary>The tags a body gave, lower-cased, duplicates removed (first kept); null (and an error) when one breaks the rule.</summary>
    public static string[]? ReadTags(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxTags)
        {
            errors["tags"] = [TagsRule];
            return null;
        }

        var tags = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var tag = item.ValueKind == JsonValueKind.String ? Normalize(TryGetString(item)) : null;
            if (tag is null)
            {
                errors["tags"] = [$"{TagsRule}; item {index} is not"];
                return null;
            }

            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }

            index++;
        }

        return [.. tags];
    }

    /// <summary>The tag <paramref name="text"/> names, lower-cased; null when it is no tag.</summary>
    public static string? Normalize(string? text)
    {
        var tag = text?.Trim();
        return tag is { Length: >= 1 and <= MaxTagLength } && tag.All(IsTagCharacter) ? tag.ToLowerInvariant() : null;
    }

    // Checked before lower-casing: ToLowerInvariant maps a few non-ASCII letters (the Kelvin sign) to ASCII ones.
    private static bool IsTagCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static string? TryGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // GetString throws on invalid UTF-8 bytes and unpaired surrogate escapes.
            return null;
        }
    }
}
