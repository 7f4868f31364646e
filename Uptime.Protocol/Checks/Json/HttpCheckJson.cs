using System.Text;
using System.Text.Json;

namespace Uptime.Protocol.Checks.Json;

/// <summary>The <c>check</c> object of an HTTP monitor.</summary>
internal static class HttpCheckJson
{
    public const int MaxStatusCodeEntries = 32;
    public const int MaxHeaderValueLength = 8192;

    /// <summary>Headers the HTTP client sets from the request itself; an operator's value would contradict it or smuggle a request.</summary>
    public static readonly IReadOnlyList<string> ReservedHeaders =
        ["Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Expect", "Proxy-Connection"];

    private static class ConnectionNames
    {
        public const string Fresh = "fresh";
        public const string Warm = "warm";
    }

    private static readonly IReadOnlyList<string> _fields =
        ["method", "headers", "body", "statusCodes", "followRedirects", "maxRedirects", "timeoutSeconds", "maxBodyBytes", "assertions", "connection"];

    public static HttpCheckDefinition Read(JsonElement element, string path)
    {
        var check = CheckJsonObject.Open(element, path, _fields);
        var plain = HttpCheckDefinition.Plain;
        var method = ReadMethod(check);
        var body = check.String("body", int.MaxValue);
        if (body is not null)
        {
            if (Encoding.UTF8.GetByteCount(body) > HttpCheckDefinition.MaxRequestBodyBytes)
            {
                throw new CheckDefinitionProblem($"{check.At("body")} must be at most {HttpCheckDefinition.MaxRequestBodyBytes} bytes of UTF-8");
            }

            if (method is "GET" or "HEAD")
            {
                throw new CheckDefinitionProblem($"{check.At("body")} cannot be sent with {method}; use POST, PUT, PATCH, DELETE or OPTIONS");
            }
        }

        var assertions = AssertionJson.ReadAll(check, method);
        return new HttpCheckDefinition(
            method,
            ReadHeaders(check),
            body,
            ReadStatusCodes(check) ?? plain.StatusCodes,
            check.Bool("followRedirects", plain.FollowRedirects),
            check.Int("maxRedirects", 0, HttpCheckDefinition.MaxMaxRedirects, plain.MaxRedirects),
            check.Int("timeoutSeconds", HttpCheckDefinition.MinTimeoutSeconds, HttpCheckDefinition.MaxTimeoutSeconds, plain.TimeoutSeconds),
            check.Int("maxBodyBytes", 1, HttpCheckDefinition.MaxMaxBodyBytes, plain.MaxBodyBytes),
            assertions,
            ReadConnection(check));
    }

    public static void Write(Utf8JsonWriter writer, HttpCheckDefinition check)
    {
        writer.WriteString("method", check.Method);
        writer.WriteStartObject("headers");
        foreach (var (name, value) in check.Headers)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.WriteString("body", check.Body);
        writer.WriteStartArray("statusCodes");
        foreach (var range in check.StatusCodes)
        {
            if (range.From == range.To)
            {
                writer.WriteNumberValue(range.From);
            }
            else
            {
                writer.WriteStringValue($"{range.From}-{range.To}");
            }
        }

        writer.WriteEndArray();
        writer.WriteBoolean("followRedirects", check.FollowRedirects);
        writer.WriteNumber("maxRedirects", check.MaxRedirects);
        writer.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
        writer.WriteNumber("maxBodyBytes", check.MaxBodyBytes);
        writer.WriteStartArray("assertions");
        foreach (var assertion in check.Assertions)
        {
            AssertionJson.Write(writer, assertion);
        }

        writer.WriteEndArray();

        // Written only when warm: the canonical text of every definition saved before the field existed stays the same.
        if (check.Connection == CheckConnection.Warm)
        {
            writer.WriteString("connection", ConnectionNames.Warm);
        }
    }

    /// <summary>Whether <paramref name="name"/> is an HTTP token (RFC 9110 §5.6.2), as header names must be.</summary>
    public static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and < '\u007f' && !"\"(),/:;<=>?@[\\]{}".Contains(c));

    /// <summary>The problem of a header name or value that could end the header line early (CR, LF) or cut it (NUL).</summary>
    public static string? InjectionProblem(string path, string text) =>
        text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 ? $"{path} contains CR, LF or NUL (header injection)" : null;

    private static string ReadMethod(CheckJsonObject check)
    {
        var method = check.String("method", 16) ?? HttpCheckDefinition.Plain.Method;
        if (!HttpCheckDefinition.Methods.Contains(method))
        {
            throw new CheckDefinitionProblem($"{check.At("method")} must be one of {string.Join(", ", HttpCheckDefinition.Methods)} (upper case)");
        }

        return method;
    }

    private static CheckConnection ReadConnection(CheckJsonObject check) => check.String("connection", 16) switch
    {
        null or ConnectionNames.Fresh => CheckConnection.Fresh,
        ConnectionNames.Warm => CheckConnection.Warm,
        _ => throw new CheckDefinitionProblem($"{check.At("connection")} must be \"{ConnectionNames.Fresh}\" or \"{ConnectionNames.Warm}\""),
    };

    private static List<KeyValuePair<string, string>> ReadHeaders(CheckJsonObject check)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (!check.TryGet("headers", out var element))
        {
            return headers;
        }

        var path = check.At("headers");
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CheckDefinitionProblem($"{path} must be an object of header names and values");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in element.EnumerateObject())
        {
            var at = $"{path}.{CheckJsonObject.Printable(header.Name)}";
            if (InjectionProblem(at, header.Name) is { } injection)
            {
                throw new CheckDefinitionProblem(injection);
            }

            if (!IsToken(header.Name) || header.Name.Length > CheckAssertion.MaxPathLength)
            {
                throw new CheckDefinitionProblem($"{at} is not a valid header name (letters, digits and !#$%&'*+-.^_`|~, at most {CheckAssertion.MaxPathLength})");
            }

            if (ReservedHeaders.Contains(header.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CheckDefinitionProblem($"{at} cannot be set: the HTTP client sets it ({string.Join(", ", ReservedHeaders)} are refused)");
            }

            if (!names.Add(header.Name))
            {
                throw new CheckDefinitionProblem($"{at} appears more than once (header names are case-insensitive)");
            }

            var value = CheckJsonObject.Text(header.Value, at);
            if (InjectionProblem(at, value) is { } valueInjection)
            {
                throw new CheckDefinitionProblem(valueInjection);
            }

            if (value.Any(c => char.IsControl(c) && c != '\t') || value.Length > MaxHeaderValueLength)
            {
                throw new CheckDefinitionProblem($"{at} must be at most {MaxHeaderValueLength} characters without control characters");
            }

            if (names.Count > HttpCheckDefinition.MaxHeaders)
            {
                throw new CheckDefinitionProblem($"{path} must have at most {HttpCheckDefinition.MaxHeaders} headers");
            }

            headers.Add(new(header.Name, value));
        }

        // The order of distinct header names means nothing in HTTP (RFC 9110 §5.3), and jsonb does not keep it: one order, by name.
        headers.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Key, b.Key));
        return headers;
    }

    private static List<StatusCodeRange>? ReadStatusCodes(CheckJsonObject check)
    {
        if (!check.TryGet("statusCodes", out var element))
        {
            return null;
        }

        var path = check.At("statusCodes");
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is 0 or > MaxStatusCodeEntries)
        {
            throw new CheckDefinitionProblem($"{path} must be an array of 1–{MaxStatusCodeEntries} status codes or ranges");
        }

        var ranges = new List<StatusCodeRange>();
        foreach (var item in element.EnumerateArray())
        {
            ranges.Add(StatusCodes(item) ?? throw new CheckDefinitionProblem(
                $"{path}[{ranges.Count}] must be a status code 100–599 or a range such as \"200-299\""));
        }

        return ranges;
    }

    private static StatusCodeRange? StatusCodes(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Number)
        {
            return item.TryGetInt32(out var code) && IsStatusCode(code) ? new StatusCodeRange(code, code) : null;
        }

        if (item.ValueKind != JsonValueKind.String || item.GetString()!.Split('-') is not [var fromText, var toText])
        {
            return null;
        }

        return int.TryParse(fromText, System.Globalization.NumberStyles.None, null, out var from)
            && int.TryParse(toText, System.Globalization.NumberStyles.None, null, out var to)
            && IsStatusCode(from) && IsStatusCode(to) && from <= to
            ? new StatusCodeRange(from, to)
            : null;
    }

    private static bool IsStatusCode(int code) => code is >= 100 and <= 599;
}
