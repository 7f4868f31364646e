namespace Uptime.Protocol.Checks;

/// <summary>
/// How a monitor is checked, as an operator saved it (REST <c>check</c>) and as a capable validator receives it (the
/// <c>check</c> object of a CHECK_WEBSITE item). One JSON shape for both, read and written by
/// <see cref="CheckDefinitionJson"/>; every field is optional and the defaults are the spec's plain check.
/// </summary>
public abstract record CheckDefinition
{
    public abstract MonitorType Type { get; }
}

/// <summary>
/// An HTTP check. The target is the monitor's URL. <c>StatusCodes</c>: the final status codes that are Good (default
/// 200–399); <c>MaxRedirects</c> counts hops, each one still checked against the target rule; <c>MaxBodyBytes</c>: how much of
/// the body is read, and only when an assertion needs the body; <c>Headers</c> sorted by name (case-insensitive; names are unique);
/// <c>Connection</c>: a fresh connection per check (the default) or one warm keep-alive connection per target.
/// </summary>
public sealed record HttpCheckDefinition(
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    IReadOnlyList<StatusCodeRange> StatusCodes,
    bool FollowRedirects,
    int MaxRedirects,
    int TimeoutSeconds,
    int MaxBodyBytes,
    IReadOnlyList<CheckAssertion> Assertions,
    CheckConnection Connection = CheckConnection.Fresh) : CheckDefinition
{
    public const int DefaultTimeoutSeconds = 10;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 60;
    public const int DefaultMaxRedirects = 5;
    public const int MaxMaxRedirects = 20;
    public const int DefaultMaxBodyBytes = 64 * 1024;
    public const int MaxMaxBodyBytes = 1024 * 1024;
    public const int MaxRequestBodyBytes = 64 * 1024;
    public const int MaxHeaders = 32;
    public const int MaxAssertions = 16;

    public static readonly IReadOnlyList<string> Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    public static readonly HttpCheckDefinition Plain = new(
        "GET", [], null, [new StatusCodeRange(200, 399)], true, DefaultMaxRedirects, DefaultTimeoutSeconds, DefaultMaxBodyBytes, []);

    public override MonitorType Type => MonitorType.Http;

    /// <summary>Whether any assertion needs the response body (the body is not read otherwise).</summary>
    public bool ReadsBody => Assertions.Any(a => a.Source is AssertionSource.Body or AssertionSource.Json);

    public bool Accepts(int statusCode)
    {
        // A loop rather than Any: this runs for every check, and the lambda would capture statusCode (one allocation each).
        for (var i = 0; i < StatusCodes.Count; i++)
        {
            if (statusCode >= StatusCodes[i].From && statusCode <= StatusCodes[i].To)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// How an HTTP check reaches its target. <c>Fresh</c>: a new connection per check, so latency includes DNS, connect and TLS.
/// <c>Warm</c>: the validator keeps one keep-alive connection per target open and sends the check over it when it is
/// open; such a check's latency is request and response only, and its tick says <c>warm</c>.
/// </summary>
public enum CheckConnection
{
    Fresh,
    Warm,
}

/// <summary>Status codes <c>From</c>–<c>To</c>, both included (one code: From == To).</summary>
public readonly record struct StatusCodeRange(int From, int To);

/// <summary>Where an assertion looks.</summary>
public enum AssertionSource
{
    /// <summary>The body as text (UTF-8, at most MaxBodyBytes read).</summary>
    Body,

    /// <summary>The body as JSON, queried with the JMESPath expression in <c>Path</c>.</summary>
    Json,

    /// <summary>The response header named by <c>Path</c> (case-insensitive; several values joined with ", ").</summary>
    Header,
}

/// <summary>
/// How an assertion compares. Body and Header: <c>Contains</c>/<c>NotContains</c> (ordinal text), <c>Matches</c>/
/// <c>NotMatches</c> (.NET regex, run with a time bound), <c>Equal</c>/<c>NotEqual</c> (Header only, ordinal),
/// <c>Exists</c> (Header only). Json: <c>Equal</c>/<c>NotEqual</c> compare the query's result with the JSON literal in
/// <c>Value</c> as JSON values (<c>"ok"</c> ≠ <c>ok</c>; 1 == 1.0), <c>LessThan</c>/<c>GreaterThan</c> compare numbers,
/// <c>Contains</c> is substring of a string result or element of an array result, <c>Exists</c> is a non-null result.
/// </summary>
public enum AssertionOperator
{
    Contains,
    NotContains,
    Matches,
    NotMatches,
    Equal,
    NotEqual,
    LessThan,
    GreaterThan,
    Exists,
}

/// <summary>
/// One condition the response must meet. <c>Path</c>: the JMESPath expression (Json) or header name (Header), null for
/// Body. <c>Value</c>: text for Body/Header, a JSON literal's text for Json; null for Exists.
/// </summary>
public sealed record CheckAssertion(AssertionSource Source, AssertionOperator Operator, string? Path, string? Value)
{
    public const int MaxValueLength = 1024;
    public const int MaxPathLength = 512;

    /// <summary>The time a regular expression may run against one body.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// A TCP check of the monitor's <c>tcp://host:port</c> URL: Good when the connection opens and, when <c>Expect</c> is given,
/// the first bytes read (after writing <c>Send</c>, if given) contain it. Texts are UTF-8.
/// </summary>
public sealed record TcpCheckDefinition(string? Send, string? Expect, int TimeoutSeconds) : CheckDefinition
{
    public const int MaxSendBytes = 4096;
    public const int MaxExpectBytes = 1024;

    public static readonly TcpCheckDefinition Plain = new(null, null, HttpCheckDefinition.DefaultTimeoutSeconds);

    public override MonitorType Type => MonitorType.Tcp;
}

/// <summary>
/// A DNS check of the monitor's <c>dns://name</c> URL: Good when the query for <c>RecordType</c> answers at least one record
/// and, when <c>Expected</c> is given, one of them equals it (names compared case-insensitively, without the final dot).
/// <c>Server</c>: "address" or "address:port" of the server to ask; null for the validator's own resolver.
/// </summary>
public sealed record DnsCheckDefinition(string RecordType, string? Server, string? Expected, int TimeoutSeconds) : CheckDefinition
{
    public static readonly IReadOnlyList<string> RecordTypes = ["A", "AAAA", "CNAME", "MX", "NS", "TXT", "SOA", "CAA", "SRV", "PTR"];

    public static readonly DnsCheckDefinition Plain = new("A", null, null, HttpCheckDefinition.DefaultTimeoutSeconds);

    public override MonitorType Type => MonitorType.Dns;
}

/// <summary>
/// A push (heartbeat) monitor: the job calls <c>/api/push/{token}</c>; the monitor is Down when no push came within its
/// interval plus <c>GraceSeconds</c>. Judged by the hub; never sent to a validator.
/// </summary>
public sealed record PushCheckDefinition(int GraceSeconds) : CheckDefinition
{
    public const int DefaultGraceSeconds = 60;
    public const int MaxGraceSeconds = 86_400;

    public static readonly PushCheckDefinition Plain = new(DefaultGraceSeconds);

    public override MonitorType Type => MonitorType.Push;
}
