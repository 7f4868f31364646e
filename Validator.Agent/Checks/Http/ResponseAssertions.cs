using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Uptime.Protocol.Checks;

namespace Uptime.Agent.Checks.Http;

/// <summary>
/// Runs a definition's assertions in order against a response and stops at the first that fails. Body texts compare
/// ordinally, regular expressions run within <see cref="CheckAssertion.RegexTimeout"/> (a time-out fails the assertion,
/// saying so), JSON assertions are <see cref="JsonAssertions"/>. A header assertion on a header the response lacks fails,
/// except the negative ones (not contains, not matches, not equal), which hold.
/// </summary>
internal static class ResponseAssertions
{
    private const int MaxShownLength = 200;

    public static AssertionFailure? FirstFailure(IReadOnlyList<CheckAssertion> assertions, HttpResponseMessage response, string? body)
    {
        JsonAssertions? json = null;
        for (var index = 0; index < assertions.Count; index++)
        {
            var assertion = assertions[index];
            var failure = assertion.Source switch
            {
                AssertionSource.Body => BodyFailure(assertion, body ?? ""),
                AssertionSource.Header => HeaderFailure(assertion, ValueOf(response, assertion.Path ?? "")),
                AssertionSource.Json => (json ??= new JsonAssertions(body ?? "")).Failure(assertion),
                _ => $"Unknown assertion source {assertion.Source}",
            };
            if (failure is not null)
            {
                return new AssertionFailure(index, failure);
            }
        }

        return null;
    }

    /// <summary>Text shown in a message: quoted, and cut after <see cref="MaxShownLength"/> characters.</summary>
    public static string Shown(string text) => text.Length <= MaxShownLength ? $"\"{text}\"" : $"\"{text[..MaxShownLength]}…\"";

    private static string? BodyFailure(CheckAssertion assertion, string body)
    {
        var value = assertion.Value ?? "";
        return assertion.Operator switch
        {
            AssertionOperator.Contains => body.Contains(value, StringComparison.Ordinal) ? null : $"Body does not contain {Shown(value)}",
            AssertionOperator.NotContains => body.Contains(value, StringComparison.Ordinal) ? $"Body contains {Shown(value)}" : null,
            AssertionOperator.Matches => RegexFailure("Body", body, value, shouldMatch: true, got: ""),
            AssertionOperator.NotMatches => RegexFailure("Body", body, value, shouldMatch: false, got: ""),
            _ => $"Body assertions cannot use {assertion.Operator}",
        };
    }

    private static string? HeaderFailure(CheckAssertion assertion, string? actual)
    {
        var name = assertion.Path ?? "";
        var value = assertion.Value ?? "";
        if (actual is null)
        {
            return assertion.Operator is AssertionOperator.NotContains or AssertionOperator.NotMatches or AssertionOperator.NotEqual
                ? null
                : $"Header {name} missing";
        }

        var got = $"(got {Shown(actual)})";
        return assertion.Operator switch
        {
            AssertionOperator.Exists => null,
            AssertionOperator.Contains => actual.Contains(value, StringComparison.Ordinal) ? null : $"Header {name} does not contain {Shown(value)} {got}",
            AssertionOperator.NotContains => actual.Contains(value, StringComparison.Ordinal) ? $"Header {name} contains {Shown(value)} {got}" : null,
            AssertionOperator.Equal => actual == value ? null : $"Header {name} is not {Shown(value)} {got}",
            AssertionOperator.NotEqual => actual == value ? $"Header {name} is {Shown(value)}" : null,
            AssertionOperator.Matches => RegexFailure($"Header {name}", actual, value, shouldMatch: true, got),
            AssertionOperator.NotMatches => RegexFailure($"Header {name}", actual, value, shouldMatch: false, got),
            _ => $"Header assertions cannot use {assertion.Operator}",
        };
    }

    /// <summary>Null when <paramref name="input"/> matches <paramref name="pattern"/> as it should; otherwise why not (a time-out or an invalid pattern included).</summary>
    private static string? RegexFailure(string subject, string input, string pattern, bool shouldMatch, string got)
    {
        bool matched;
        try
        {
            matched = Regex.IsMatch(input, pattern, RegexOptions.CultureInvariant, CheckAssertion.RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return $"{subject} regex /{pattern}/ timed out after {CheckAssertion.RegexTimeout.TotalMilliseconds:0} ms";
        }
        catch (ArgumentException e)
        {
            return $"{subject} regex /{pattern}/ is invalid: {e.Message}";
        }

        if (matched == shouldMatch)
        {
            return null;
        }

        var failure = $"{subject} {(matched ? "matches" : "does not match")} /{pattern}/";
        return got.Length > 0 ? $"{failure} {got}" : failure;
    }

    /// <summary>The header's values joined with ", ", from the response's or its content's headers; null when absent.</summary>
    private static string? ValueOf(HttpResponseMessage response, string name) =>
        Joined(response.Headers, name) ?? Joined(response.Content.Headers, name);

    private static string? Joined(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
