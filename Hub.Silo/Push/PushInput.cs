using System.Globalization;
using System.Text.Json;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Push;

/// <summary>
/// What a job says in a push: <c>status</c> (<c>up</c>, the default, or <c>down</c>), <c>msg</c> (at most
/// <see cref="MaxMessageLength"/> characters) and <c>ping</c> (ms), as query parameters and, in a POST, as a JSON object or
/// a form, whose fields replace the query's. Other fields are ignored, so a job may send what its tool sends.
/// </summary>
public sealed record PushInput(bool Up, string? Message, double? PingMs)
{
    public const int MaxMessageLength = 1000;

    public const double MaxPingMs = 24 * 60 * 60 * 1000;

    private const int MaxBodyBytes = 8 * 1024;

    public static async Task<(PushInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest request)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in (string[])["status", "msg", "ping"])
        {
            if (request.Query.TryGetValue(name, out var value))
            {
                fields[name] = value.ToString();
            }
        }

        if (HttpMethods.IsPost(request.Method) && await ReadBodyAsync(request, fields) is { } bodyError)
        {
            return (null, new() { [bodyError.Field] = [bodyError.Message] });
        }

        var errors = new Dictionary<string, string[]>();
        var up = true;
        if (fields.GetValueOrDefault("status") is { } status)
        {
            up = status.ToLowerInvariant() switch
            {
                "up" => true,
                "down" => false,
                _ => Problem(errors, "status", $"status must be up or down; got '{Shorten(status)}'"),
            };
        }

        var message = fields.GetValueOrDefault("msg");
        if (message is { Length: > MaxMessageLength })
        {
            Problem(errors, "msg", $"msg must be at most {MaxMessageLength} characters; got {message.Length}");
        }
        else if (message is not null && message.Contains('\0', StringComparison.Ordinal))
        {
            Problem(errors, "msg", "msg must not contain a NUL character");
        }

        double? ping = null;
        if (fields.GetValueOrDefault("ping") is { } pingText)
        {
            if (double.TryParse(pingText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= MaxPingMs)
            {
                ping = parsed;
            }
            else
            {
                Problem(errors, "ping", $"ping must be a number of milliseconds from 0 to {MaxPingMs:0}; got '{Shorten(pingText)}'");
            }
        }

        return errors.Count > 0 ? (null, errors) : (new PushInput(up, string.IsNullOrEmpty(message) ? null : message, ping), null);
    }

    /// <summary>Adds the body's fields; the problem when it is neither empty, a JSON object nor a form, or a field has the wrong type.</summary>
    private static async Task<(string Field, string Message)?> ReadBodyAsync(HttpRequest request, Dictionary<string, string?> fields)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var name in (string[])["status", "msg", "ping"])
            {
                if (form.TryGetValue(name, out var value))
                {
                    fields[name] = value.ToString();
                }
            }

            return null;
        }

        if (request.ContentLength == 0 || (request.ContentLength is null && request.ContentType is null))
        {
            return null;
        }

        var (document, error) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes);
        if (document is null)
        {
            return ("body", error!);
        }

        using (document)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name, property.Value.ValueKind)
                {
                    case ("status" or "msg", JsonValueKind.String):
                    case ("ping", JsonValueKind.Number):
                        fields[property.Name] = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()
                            : property.Value.GetRawText();
                        break;
                    case ("status" or "msg" or "ping", JsonValueKind.Null):
                        fields.Remove(property.Name);
                        break;
                    case ("status" or "msg", _):
                        return (property.Name, $"{property.Name} must be a string");
                    case ("ping", _):
                        return ("ping", "ping must be a number");
                }
            }
        }

        return null;
    }

    private static bool Problem(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return false;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
