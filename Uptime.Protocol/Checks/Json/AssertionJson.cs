using System.Text.Json;
using System.Text.RegularExpressions;

namespace Uptime.Protocol.Checks.Json;

/// <summary>The <c>assertions</c> of an HTTP check: <c>{"source","operator","value"}</c> plus <c>path</c> (json) or <c>name</c> (header).</summary>
internal static class AssertionJson
{
    public const string Body = "body";
    public const string JsonSource = "json";
    public const string Header = "header";

    private static readonly IReadOnlyList<(string Name, AssertionOperator Operator)> _operators =
    [
        ("contains", AssertionOperator.Contains),
        ("notContains", AssertionOperator.NotContains),
        ("matches", AssertionOperator.Matches),
        ("notMatches", AssertionOperator.NotMatches),
        ("==", AssertionOperator.Equal),
        ("!=", AssertionOperator.NotEqual),
        ("<", AssertionOperator.LessThan),
        (">", AssertionOperator.GreaterThan),
        ("exists", AssertionOperator.Exists),
    ];

    private static readonly Dictionary<AssertionSource, (string Name, string[] Fields, AssertionOperator[] Operators)> _sources = new()
    {
        [AssertionSource.Body] = (Body, ["source", "operator", "value"],
            [AssertionOperator.Contains, AssertionOperator.NotContains, AssertionOperator.Matches, AssertionOperator.NotMatches]),
        [AssertionSource.Json] = (JsonSource, ["source", "path", "operator", "value"],
            [AssertionOperator.Equal, AssertionOperator.NotEqual, AssertionOperator.LessThan, AssertionOperator.GreaterThan,
                AssertionOperator.Contains, AssertionOperator.Exists]),
        [AssertionSource.Header] = (Header, ["source", "name", "operator", "value"],
            [AssertionOperator.Contains, AssertionOperator.NotContains, AssertionOperator.Matches, AssertionOperator.NotMatches,
                AssertionOperator.Equal, AssertionOperator.NotEqual, AssertionOperator.Exists]),
    };

    public static string NameOf(AssertionOperator op) => _operators.First(o => o.Operator == op).Name;

    public static List<CheckAssertion> ReadAll(CheckJsonObject check, string method)
    {
        var assertions = new List<CheckAssertion>();
        if (!check.TryGet("assertions", out var element))
        {
            return assertions;
        }

        var path = check.At("assertions");
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > HttpCheckDefinition.MaxAssertions)
        {
            throw new CheckDefinitionProblem($"{path} must be an array of at most {HttpCheckDefinition.MaxAssertions} assertions");
        }

        foreach (var item in element.EnumerateArray())
        {
            var at = $"{path}[{assertions.Count}]";
            var assertion = Read(item, at);
            if (method == "HEAD" && assertion.Source != AssertionSource.Header)
            {
                throw new CheckDefinitionProblem($"{at}.source {_sources[assertion.Source].Name} needs the response body, which a HEAD request does not get");
            }

            assertions.Add(assertion);
        }

        return assertions;
    }

    public static void Write(Utf8JsonWriter writer, CheckAssertion assertion)
    {
        writer.WriteStartObject();
        writer.WriteString("source", _sources[assertion.Source].Name);
        switch (assertion.Source)
        {
            case AssertionSource.Json:
                writer.WriteString("path", assertion.Path);
                break;
            case AssertionSource.Header:
                writer.WriteString("name", assertion.Path);
                break;
        }

        writer.WriteString("operator", NameOf(assertion.Operator));
        writer.WritePropertyName("value");
        if (assertion.Value is null)
        {
            writer.WriteNullValue();
        }
        else if (assertion.Source == AssertionSource.Json)
        {
            writer.WriteRawValue(assertion.Value, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(assertion.Value);
        }

        writer.WriteEndObject();
    }

    private static CheckAssertion Read(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new CheckDefinitionProblem($"{path} must be an object");
        }

        var source = ReadSource(item, path);
        var (_, fields, operators) = _sources[source];
        var assertion = CheckJsonObject.Open(item, path, fields);
        var op = ReadOperator(assertion, source, operators);
        var target = source switch
        {
            AssertionSource.Json => ReadJmesPath(assertion),
            AssertionSource.Header => ReadHeaderName(assertion),
            _ => null,
        };
        var value = op == AssertionOperator.Exists
            ? ReadNoValue(assertion)
            : source == AssertionSource.Json ? ReadJsonValue(assertion, op) : ReadTextValue(assertion, op);
        return new CheckAssertion(source, op, target, value);
    }

    private static AssertionSource ReadSource(JsonElement item, string path)
    {
        var known = string.Join(", ", _sources.Values.Select(s => s.Name));
        if (!item.TryGetProperty("source", out var element))
        {
            throw new CheckDefinitionProblem($"{path}.source is required: one of {known}");
        }

        var name = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        foreach (var (source, (sourceName, _, _)) in _sources)
        {
            if (name == sourceName)
            {
                return source;
            }
        }

        throw new CheckDefinitionProblem($"{path}.source must be one of {known}");
    }

    private static AssertionOperator ReadOperator(CheckJsonObject assertion, AssertionSource source, AssertionOperator[] operators)
    {
        var allowed = string.Join(", ", operators.Select(NameOf));
        var name = assertion.String("operator", 16)
            ?? throw new CheckDefinitionProblem($"{assertion.At("operator")} is required: one of {allowed}");
        var known = _operators.Where(o => o.Name == name).Select(o => (AssertionOperator?)o.Operator).FirstOrDefault();
        if (known is not { } op || !operators.Contains(op))
        {
            throw new CheckDefinitionProblem($"{assertion.At("operator")} must be one of {allowed} for a {_sources[source].Name} assertion");
        }

        return op;
    }

    private static string ReadJmesPath(CheckJsonObject assertion)
    {
        var expression = assertion.String("path", CheckAssertion.MaxPathLength);
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new CheckDefinitionProblem($"{assertion.At("path")} is required: a JMESPath expression such as status or data.items[0].state");
        }

        if (JmesPathExpressions.Parse(expression, out var problem) is null)
        {
            throw new CheckDefinitionProblem($"{assertion.At("path")} is not a valid JMESPath expression: {problem}");
        }

        return expression;
    }

    private static string ReadHeaderName(CheckJsonObject assertion)
    {
        var name = assertion.String("name", CheckAssertion.MaxPathLength)
            ?? throw new CheckDefinitionProblem($"{assertion.At("name")} is required: a response header name such as Content-Type");
        if (HttpCheckJson.InjectionProblem(assertion.At("name"), name) is { } injection)
        {
            throw new CheckDefinitionProblem(injection);
        }

        if (!HttpCheckJson.IsToken(name))
        {
            throw new CheckDefinitionProblem($"{assertion.At("name")} is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)");
        }

        return name;
    }

    private static string? ReadNoValue(CheckJsonObject assertion) => assertion.TryGet("value", out _)
        ? throw new CheckDefinitionProblem($"{assertion.At("value")} must be left out with exists")
        : null;

    private static string ReadTextValue(CheckJsonObject assertion, AssertionOperator op)
    {
        var value = assertion.String("value", CheckAssertion.MaxValueLength)
            ?? throw new CheckDefinitionProblem($"{assertion.At("value")} is required: a string of at most {CheckAssertion.MaxValueLength} characters");
        if (value.Length == 0 && op is AssertionOperator.Contains or AssertionOperator.NotContains or AssertionOperator.Matches or AssertionOperator.NotMatches)
        {
            throw new CheckDefinitionProblem($"{assertion.At("value")} must not be empty with {NameOf(op)}");
        }

        if (op is AssertionOperator.Matches or AssertionOperator.NotMatches)
        {
            try
            {
                _ = new Regex(value, RegexOptions.None, CheckAssertion.RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new CheckDefinitionProblem($"{assertion.At("value")} is not a valid regular expression: {e.Message}");
            }
        }

        return value;
    }

    private static string ReadJsonValue(CheckJsonObject assertion, AssertionOperator op)
    {
        if (!assertion.TryGetRaw("value", out var value))
        {
            throw new CheckDefinitionProblem($"{assertion.At("value")} is required: a JSON value such as \"ok\", 3 or true");
        }

        if (op is AssertionOperator.LessThan or AssertionOperator.GreaterThan && value.ValueKind != JsonValueKind.Number)
        {
            throw new CheckDefinitionProblem($"{assertion.At("value")} must be a number with {NameOf(op)}");
        }

        string text;
        try
        {
            text = CheckDefinitionJson.Compact(value);
        }
        catch (InvalidOperationException)
        {
            throw new CheckDefinitionProblem($"{assertion.At("value")} must be valid Unicode text");
        }

        if (text.Length > CheckAssertion.MaxValueLength)
        {
            throw new CheckDefinitionProblem($"{assertion.At("value")} must be at most {CheckAssertion.MaxValueLength} characters of JSON");
        }

        return text;
    }
}
