using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Incidents;

/// <summary>
/// The bodies of an operator's incident actions, one text field each: <c>{"note": "…"}</c> (optional, the body may be empty)
/// to acknowledge or resolve, <c>{"text": "…"}</c> (required) for a note. The text is trimmed and 1 to
/// <see cref="MaxLength"/> characters; line breaks and tabs are kept, other control characters refused. Read by hand like the
/// website bodies: any other field, a repeated one or bad JSON is refused naming it.
/// </summary>
public static class IncidentTextInput
{
    public const int MaxLength = 2000;
    public const string Note = "note";
    public const string Text = "text";
    private const int MaxBodyBytes = 16 * 1024;

    /// <summary>
    /// Reads the body's <paramref name="field"/>; returns its text (null when an optional one is missing or empty) or the
    /// validation errors by field name.
    /// </summary>
    public static async Task<(string? Text, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest request, string field, bool required)
    {
        if (IsEmpty(request))
        {
            return required ? Fail(field, $"{field} is required: the body must be a JSON object such as {{\"{field}\": \"…\"}}") : (null, null);
        }

        var (document, bodyError) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes);
        if (document is null)
        {
            return Fail("body", bodyError!);
        }

        using (document)
        {
            string? text = null;
            var errors = new Dictionary<string, string[]>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    errors[property.Name] = [$"{property.Name} appears more than once"];
                }
                else if (property.Name != field)
                {
                    errors[property.Name] = [$"Unknown field \"{property.Name}\"; expected {field}"];
                }
                else
                {
                    text = ReadText(field, property.Value, errors);
                }
            }

            if (required && text is null && !errors.ContainsKey(field))
            {
                errors[field] = [$"{field} is required: 1 to {MaxLength} characters"];
            }

            return errors.Count > 0 ? (null, errors) : (text, null);
        }
    }

    /// <summary>No body at all: no content, or a request that cannot have one (no length and not chunked).</summary>
    private static bool IsEmpty(HttpRequest request) =>
        request.ContentLength == 0
        || (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false });

    private static string? ReadText(string field, JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"{field} must be a string"];
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!.Trim();
        }
        catch (InvalidOperationException)
        {
            // GetString throws on invalid UTF-8 bytes and unpaired surrogate escapes.
            errors[field] = [$"{field} must be valid Unicode text"];
            return null;
        }

        if (text.Length > MaxLength)
        {
            errors[field] = [$"{field} must be at most {MaxLength} characters, got {text.Length}"];
            return null;
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors[field] = [$"{field} must not contain control characters other than line breaks and tabs"];
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static (string?, Dictionary<string, string[]>) Fail(string field, string message) => (null, new() { [field] = [message] });
}
