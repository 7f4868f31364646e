using System.Diagnostics;
using System.Net;
using Uptime.Agent.Checks.Http;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Checks;

/// <summary>
/// Runs an HTTP check definition against a website on fresh connections, so latency includes DNS, connect and TLS: its
/// method, headers and body; redirects followed by hand when it says so (303, and 301/302 after a POST, go on as GET;
/// 307/308 keep method and body), each hop's URL checked like the first and each address by the <see cref="TargetDialer"/>;
/// the final status judged by the definition's status codes; the body read only when an assertion needs it (at most the
/// definition's MaxBodyBytes and never more than <see cref="AgentOptions.MaxResponseBytes"/>), then the assertions, the
/// first failed one making the check Bad. Headers are read up to min(<see cref="AgentOptions.MaxResponseBytes"/>, 64 KiB).
/// The time bound and the redirect cap of a plain item (<see cref="HttpCheckDefinition.Plain"/>, the spec's check) are
/// <see cref="AgentOptions.CheckTimeout"/> and <see cref="AgentOptions.MaxRedirects"/>; a definition brings its own.
/// https:// targets get their TLS from <see cref="ProbeConnector"/>. A failure is a Bad outcome, never an exception; a
/// target its policy refuses is marked refused (no vote about the website).
/// </summary>
internal sealed class WebsiteChecker : IDisposable
{
    private const int HeaderLimitKilobytes = 64;

    private readonly AgentOptions _options;
    private readonly TimeProvider _time;

    // Invokers rather than HttpClients: a check needs none of their defaults or timeout, and HttpClient would link one more
    // cancellation source per request. Two handlers, so a plain http:// check of a host and port never shares a
    // connection pool with an https:// one sent over the connector's TLS stream.
    private readonly HttpMessageInvoker _plain;
    private readonly HttpMessageInvoker _overTls;

    public WebsiteChecker(AgentOptions options, TargetDialer dialer, ITlsSessionPolicy sessions, TimeProvider time)
    {
        _options = options;
        _time = time;
        var connector = new ProbeConnector(dialer, sessions, new TargetCertificates(options, time));
        _plain = new HttpMessageInvoker(CreateProbeHandler(options, connector));
        _overTls = new HttpMessageInvoker(CreateProbeHandler(options, connector));
    }

    public async Task<CheckOutcome> CheckAsync(string url, HttpCheckDefinition check, CancellationToken cancellationToken)
    {
        if (TargetUrlRule.CheckSyntax(url, _options.AllowPrivateTargets, out var uri) is { } problem)
        {
            return UnusableUrl(0, url, problem, prefix: "");
        }

        // CheckRunner passes this very instance for an item without a check object: the spec's check, under the agent's limits.
        var isPlain = ReferenceEquals(check, HttpCheckDefinition.Plain);
        var timeLimit = isPlain ? _options.CheckTimeout : TimeSpan.FromSeconds(Math.Clamp(check.TimeoutSeconds, HttpCheckDefinition.MinTimeoutSeconds, HttpCheckDefinition.MaxTimeoutSeconds));
        var maxRedirects = isPlain ? _options.MaxRedirects : Math.Clamp(check.MaxRedirects, 0, HttpCheckDefinition.MaxMaxRedirects);

        // One source per check: the timeout, also cancelled when the agent stops (the catch below tells them apart).
        using var timeout = new CancellationTokenSource(timeLimit, _time);
        using var stopping = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        var started = _time.GetTimestamp();
        var phases = new PhaseTotals();
        var first = uri!;
        ProbeRequest? hop = null;
        int? status = null;
        try
        {
            var method = HttpMethod.Parse(check.Method);
            var body = check.Body;
            for (var redirects = 0; ; redirects++)
            {
                var sameOrigin = redirects == 0 || Uri.Compare(first, uri, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
                using var request = hop = ProbeRequest.Create(uri!, method, body, check.Headers, sameOrigin);
                using var response = await (request.TlsHost is null ? _plain : _overTls).SendAsync(request, timeout.Token);
                var headersAt = Stopwatch.GetTimestamp();
                TimeSpan? firstByte = request.ConnectedAt == 0 ? null : Stopwatch.GetElapsedTime(request.ConnectedAt, headersAt);
                var code = (int)response.StatusCode;
                status = code;
                if (check.FollowRedirects && IsRedirect(code) && response.Headers.Location is { } location)
                {
                    phases.Add(request, firstByte, transfer: null);
                    if (redirects >= maxRedirects)
                    {
                        return Finish(CheckOutcome.Bad(ElapsedMs(started), Now, $"Too many redirects (more than {maxRedirects})"), phases, hop, status);
                    }

                    var next = new Uri(uri!, location).AbsoluteUri;
                    if (TargetUrlRule.CheckSyntax(next, _options.AllowPrivateTargets, out uri) is { } hopProblem)
                    {
                        return Finish(UnusableUrl(ElapsedMs(started), next, hopProblem, prefix: $"Redirect to {next}: "), phases, hop, status);
                    }

                    (method, body) = AfterRedirect(code, method, body);
                    continue;
                }

                if (!check.Accepts(code))
                {
                    phases.Add(request, firstByte, transfer: null);
                    return Finish(CheckOutcome.Bad(ElapsedMs(started), Now, $"HTTP {code}"), phases, hop, status);
                }

                string? text = null;
                TimeSpan? transfer = null;
                if (check.ReadsBody)
                {
                    text = await ResponseBody.ReadAsync(response.Content, Math.Min(check.MaxBodyBytes, _options.MaxResponseBytes), timeout.Token);
                    transfer = Stopwatch.GetElapsedTime(headersAt);
                }

                phases.Add(request, firstByte, transfer);
                var latency = ElapsedMs(started);
                var failure = check.Assertions.Count == 0 ? null : ResponseAssertions.FirstFailure(check.Assertions, response, text);
                var outcome = failure is { } failed
                    ? CheckOutcome.Bad(latency, Now, failed.Message) with { FailedAssertion = failed.Index }
                    : CheckOutcome.Good(latency, Now);
                return Finish(outcome, phases, hop, status);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (hop is not null)
            {
                phases.AddFailed(hop);
            }

            return Finish(Failed(e, timeout.IsCancellationRequested, timeLimit, started, hop), phases, hop, status);
        }
    }

    public void Dispose()
    {
        _plain.Dispose();
        _overTls.Dispose();
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private double ElapsedMs(long started) => _time.GetElapsedTime(started).TotalMilliseconds;

    private static bool IsRedirect(int code) => code is 301 or 302 or 303 or 307 or 308;

    private static (HttpMethod Method, string? Body) AfterRedirect(int code, HttpMethod method, string? body) =>
        (code == 303 && method != HttpMethod.Head) || (code is 301 or 302 && method == HttpMethod.Post)
            ? (HttpMethod.Get, null)
            : (method, body);

    /// <summary>The outcome with what the hops saw: the final status, the phases, the last hop's address and TLS facts.</summary>
    private static CheckOutcome Finish(CheckOutcome outcome, PhaseTotals phases, ProbeRequest? hop, int? status) => outcome with
    {
        HttpStatus = status,
        Phases = phases.ToPhases(),
        Address = hop?.Dial.RemoteEndPoint?.ToString(),
        TlsResumed = hop?.TlsResumed,
        Certificate = hop?.Certificate,
    };

    private CheckOutcome Failed(Exception exception, bool timedOut, TimeSpan timeLimit, long started, ProbeRequest? hop)
    {
        var latency = ElapsedMs(started);
        if (timedOut)
        {
            return CheckOutcome.Bad(latency, Now, $"Timeout after {timeLimit.TotalMilliseconds:0} ms");
        }

        if (hop?.CertificateProblem is { } certificate)
        {
            return CheckOutcome.Bad(latency, Now, certificate);
        }

        return RefusalOf(exception) is { } refusal
            ? CheckOutcome.RefusedByPolicy(latency, Now, refusal)
            : CheckOutcome.Bad(latency, Now, ExceptionMessages.Describe(exception));
    }

    /// <summary>
    /// "Invalid URL …" (a plain Bad tick) for what is no http(s) URL at all, "Refused: …" (a refused tick) for one the rule
    /// refuses.
    /// </summary>
    private CheckOutcome UnusableUrl(double latencyMs, string url, string problem, string prefix) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? CheckOutcome.RefusedByPolicy(latencyMs, Now, $"{prefix}Refused: {problem}")
            : CheckOutcome.Bad(latencyMs, Now, $"{prefix}Invalid URL \"{url}\": must be an absolute http:// or https:// URL");

    private static string? RefusalOf(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is TargetRefusedException refused)
            {
                return refused.Message;
            }
        }

        return null;
    }

    private static SocketsHttpHandler CreateProbeHandler(AgentOptions options, ProbeConnector connector) =>
        new()
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            ConnectCallback = connector.ConnectAsync,
            MaxResponseHeadersLength = Math.Min(options.MaxResponseBytes / 1024, HeaderLimitKilobytes),

            // Only the body an assertion needs is read, never to reuse the connection (there is no reuse: Connection: close).
            MaxResponseDrainSize = 0,
        };
}
