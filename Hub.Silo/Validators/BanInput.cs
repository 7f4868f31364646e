using System.Text;
using System.Text.Json;

namespace Uptime.Hub.Validators;

/// <summary>
/// The optional body of <c>POST /api/validators/{id}/ban</c>: nothing, or <c>{"reason": "…"}</c> with a reason of at most
/// <see cref="MaxReasonLength"/> characters (trimmed; empty means none). Read by hand for precise messages, like the
/// website bodies: any other field, a repeated one or bad JSON is refused naming it.
/// </summary>
public static class BanInput
{
    public const int MaxReasonLength = 500;
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>Reads the body; returns the reason (null for none) or the validation errors by field name.</summary>
    public static async Task<(string? Reason, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return Fail("body", $"The body must be at most {MaxBodyBytes} bytes");
            }
        }

        if (buffer.Length == 0 || string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)))
        {
            return (null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            return Fail("body", $"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail("body", "The body must be a JSON object such as {\"reason\": \"…\"}, or empty");
            }

            string? reason = null;
            var errors = new Dictionary<string, string[]>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    errors[property.Name] = [$"{property.Name} appears more than once"];
                }
                else if (property.Name != "reason")
                {
                    errors[property.Name] = [$"Unknown field \"{property.Name}\"; expected reason"];
                }
                else
                {
                    reason = ReadReason(property.Value, errors);
                }
            }

            return errors.Count > 0 ? (null, errors) : (reason, null);
        }
    }

    private static string? ReadReason(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors["reason"] = ["reason must be a string"];
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
            errors["reason"] = ["reason must be valid Unicode text"];
            return null;
        }

        if (text.Length > MaxReasonLength)
        {
            errors["reason"] = [$"reason must be at most {MaxReasonLength} characters, got {text.Length}"];
            return null;
        }

        if (text.Any(char.IsControl))
        {
            errors["reason"] = ["reason must not contain control characters (line breaks included)"];
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static (string?, Dictionary<string, string[]>) Fail(string field, string message) => (null, new() { [field] = [message] });
}
