using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Uptime.Protocol.Checks;

namespace Uptime.Agent.Checks.Http;

/// <summary>
/// JSON assertions on one body, parsed once: the JMESPath expression in <c>Path</c> queries it and the result is compared
/// with the JSON literal in <c>Value</c> as JSON values (1 == 1.0; strings are not parsed as dates). A body that is no
/// JSON fails every JSON assertion, saying why.
/// </summary>
internal sealed class JsonAssertions
{
    private readonly JToken? _document;
    private readonly string? _notJson;

    public JsonAssertions(string body)
    {
        if (!TryParse(body, out _document, out var problem))
        {
            _notJson = $"JSON assertion: body is not JSON ({problem})";
        }
    }

    public string? Failure(CheckAssertion assertion)
    {
        if (_document is null)
        {
            return _notJson;
        }

        var path = assertion.Path ?? "@";
        JToken? result;
        try
        {
            result = JmesPathExpressions.Engine.Parse(path).Transform(_document).AsJToken();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"JSON assertion: cannot evaluate {path}: {ExceptionMessages.Describe(e)}";
        }

        if (assertion.Operator == AssertionOperator.Exists)
        {
            return IsNull(result) ? $"JSON {path} exists failed: got null" : null;
        }

        if (!TryParse(assertion.Value ?? "", out var expected, out var valueProblem))
        {
            return $"JSON assertion: value {ResponseAssertions.Shown(assertion.Value ?? "")} is not a JSON literal ({valueProblem})";
        }

        var holds = assertion.Operator switch
        {
            AssertionOperator.Equal => JsonEquals(result, expected),
            AssertionOperator.NotEqual => !JsonEquals(result, expected),
            AssertionOperator.LessThan => Compare(result, expected) < 0,
            AssertionOperator.GreaterThan => Compare(result, expected) > 0,
            AssertionOperator.Contains => Contains(result, expected),
            _ => (bool?)null,
        };
        return holds switch
        {
            true => null,
            false => $"JSON {path} {Symbol(assertion.Operator)} {Shown(expected)} failed: got {Shown(result)}",
            null => $"JSON assertions cannot use {assertion.Operator}",
        };
    }

    private static bool TryParse(string text, out JToken? token, out string? problem)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
            token = JToken.ReadFrom(reader);
            if (reader.Read())
            {
                throw new JsonReaderException($"unexpected {reader.TokenType} after the value");
            }

            problem = null;
            return true;
        }
        catch (JsonException e)
        {
            token = null;
            problem = e.Message.TrimEnd('.');
            return false;
        }
    }

    /// <summary>Equality of JSON values: numbers by value whatever their form (1 == 1.0), arrays and objects element by element.</summary>
    private static bool JsonEquals(JToken? left, JToken? right)
    {
        if (IsNull(left) || IsNull(right))
        {
            return IsNull(left) && IsNull(right);
        }

        return (left, right) switch
        {
            _ when IsNumber(left) && IsNumber(right) => left!.Value<double>() == right!.Value<double>(),
            (JArray a, JArray b) => a.Count == b.Count && a.Zip(b).All(pair => JsonEquals(pair.First, pair.Second)),
            (JObject a, JObject b) => a.Count == b.Count && a.Properties().All(property => b.TryGetValue(property.Name, out var other) && JsonEquals(property.Value, other)),
            _ => JToken.DeepEquals(left, right),
        };
    }

    private static bool IsNull(JToken? token) => token is null || token.Type == JTokenType.Null;

    /// <summary>The sign of <paramref name="result"/> − <paramref name="expected"/> when both are numbers; 0 (neither less nor greater) otherwise.</summary>
    private static int Compare(JToken? result, JToken? expected) =>
        IsNumber(result) && IsNumber(expected) ? result!.Value<double>().CompareTo(expected!.Value<double>()) : 0;

    private static bool IsNumber(JToken? token) => token?.Type is JTokenType.Integer or JTokenType.Float;

    private static bool Contains(JToken? result, JToken? expected) => result switch
    {
        JValue { Type: JTokenType.String } text when expected?.Type == JTokenType.String =>
            text.Value<string>()!.Contains(expected.Value<string>()!, StringComparison.Ordinal),
        JArray array => array.Any(element => JsonEquals(element, expected)),
        _ => false,
    };

    private static string Shown(JToken? token) => IsNull(token) ? "null" : Truncated(token!.ToString(Formatting.None));

    private static string Truncated(string text) => text.Length <= 200 ? text : $"{text[..200]}…";

    private static string Symbol(AssertionOperator op) => op switch
    {
        AssertionOperator.Equal => "==",
        AssertionOperator.NotEqual => "!=",
        AssertionOperator.LessThan => "<",
        AssertionOperator.GreaterThan => ">",
        _ => "contains",
    };
}
