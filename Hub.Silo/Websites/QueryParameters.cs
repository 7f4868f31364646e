using System.Globalization;

namespace Uptime.Hub.Websites;

/// <summary>
/// Reads query-string parameters for the API: a missing parameter gives the default, a bad one adds a message
/// naming it to <c>errors</c> (answered as one validation problem listing every bad parameter).
/// </summary>
public static class QueryParameters
{
    public static int Number(string? text, string name, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"{name} must be a whole number between {min} and {max}"];
        return fallback;
    }

    /// <summary>One of <paramref name="choices"/> (any case, answered in the spelling of the list), or the default.</summary>
    public static string? Choice(string? text, string name, IReadOnlyList<string> choices, string? fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        var match = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            errors[name] = [$"{name} must be one of {string.Join(", ", choices)}"];
        }

        return match ?? fallback;
    }
}
