using System.Diagnostics;
using System.Net;
using Uptime.Agent.Checks.Http;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Checks.Warm;
using Uptime.Agent.Configuration;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Checks;

/// <summary>
/// Runs an HTTP check definition against a website, on fresh connections unless it asks for a warm one, so latency
/// includes DNS, connect and TLS: its
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
/// <remarks>
/// A warm check (<see cref="CheckConnection.Warm"/>) admitted by <see cref="WarmConnections"/> sends its hops to the first
/// hop's origin over that target's one keep-alive connection (opened like a fresh one, with a full TLS handshake, and
/// replaced after <see cref="AgentOptions.TlsFullHandshakeInterval"/>, after <see cref="WarmIdleTimeout"/> unused, after any
/// failure and after a Bad check); hops elsewhere go fresh. Its outcome says <c>Warm</c> true only when no hop opened a
/// connection.
/// </remarks>
internal sealed class WebsiteChecker : IDisposable
{
    private const int HeaderLimitKilobytes = 64;

    /// <summary>How long a warm connection may stay unused before it is closed.</summary>
    public static readonly TimeSpan WarmIdleTimeout = TimeSpan.FromMinutes(5);

    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly WarmConnections _warmConnections;

    // Invokers rather than HttpClients: a check needs none of their defaults or timeout, and HttpClient would link one more
    // cancellation source per request. Two handlers, so a plain http:// check of a host and port never shares a
    // connection pool with an https:// one sent over the connector's TLS stream; two more, pooling, for warm checks.
    private readonly HttpMessageInvoker _plain;
    private readonly HttpMessageInvoker _overTls;
    private readonly HttpMessageInvoker _warmPlain;
    private readonly HttpMessageInvoker _warmOverTls;

    public WebsiteChecker(AgentOptions options, TargetDialer dialer, ITlsSessionPolicy sessions, TimeProvider time)
    {
        _options = options;
        _time = time;
        _warmConnections = new WarmConnections(options);
        var connector = new ProbeConnector(dialer, sessions, new TargetCertificates(options, time), _warmConnections);
        _plain = new HttpMessageInvoker(CreateProbeHandler(options, connector));
        _overTls = new HttpMessageInvoker(CreateProbeHandler(options, connector));
        _warmPlain = new HttpMessageInvoker(CreateWarmHandler(options, connector));
        _warmOverTls = new HttpMessageInvoker(CreateWarmHandler(options, connector));
    }

    /// <summary>Targets with a warm connection open or being opened.</summary>
    public int WarmConnectionCount => _warmConnections.Count;

    public async Task<CheckOutcome> CheckAsync(string url, HttpCheckDefinition check, CancellationToken cancellationToken)
    {
        if (TargetUrlRule.CheckSyntax(url, _options.AllowPrivateTargets, out var uri) is { } problem)
        {
            return UnusableUrl(0, url, problem, prefix: "");
        }

        if (check.Connection != CheckConnection.Warm)
        {
            return await CheckAsync(uri!, check, warmTarget: null, cancellationToken);
        }

        var target = ProbeRequest.WarmTargetOf(uri!);
        if (!_warmConnections.TryAdmit(target))
        {
            return await CheckAsync(uri!, check, warmTarget: null, cancellationToken) with { Warm = false };
        }

        CheckOutcome? outcome = null;
        try
        {
            return outcome = await CheckAsync(uri!, check, target, cancellationToken);
        }
        finally
        {
            _warmConnections.Done(target, bad: outcome?.Status != TickStatus.Good);
        }
    }

    private async Task<CheckOutcome> CheckAsync(Uri target, HttpCheckDefinition check, string? warmTarget, CancellationToken cancellationToken)
    {
        // CheckRunner passes this very instance for an item without a check object: the spec's check, under the agent's limits.
        var isPlain = ReferenceEquals(check, HttpCheckDefinition.Plain);
        var timeLimit = isPlain ? _options.CheckTimeout : TimeSpan.FromSeconds(Math.Clamp(check.TimeoutSeconds, HttpCheckDefinition.MinTimeoutSeconds, HttpCheckDefinition.MaxTimeoutSeconds));
        var maxRedirects = isPlain ? _options.MaxRedirects : Math.Clamp(check.MaxRedirects, 0, HttpCheckDefinition.MaxMaxRedirects);

        // One source per check: the timeout, also cancelled when the agent stops (the catch below tells them apart).
        using var timeout = new CancellationTokenSource(timeLimit, _time);
        using var stopping = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        var started = _time.GetTimestamp();
        var phases = new PhaseTotals();
        var first = target;
        Uri? uri = target;
        ProbeRequest? hop = null;
        int? status = null;
        var opened = warmTarget is null;
        try
        {
            var method = HttpMethod.Parse(check.Method);
            var body = check.Body;
            for (var redirects = 0; ; redirects++)
            {
                var sameOrigin = redirects == 0 || Uri.Compare(first, uri, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
                var hopWarmTarget = sameOrigin ? warmTarget : null;
                using var request = hop = ProbeRequest.Create(uri!, method, body, check.Headers, sameOrigin, hopWarmTarget);
                var sentAt = Stopwatch.GetTimestamp();
                using var response = await InvokerFor(request).SendAsync(request, timeout.Token);
                opened |= request.OpenedConnection || hopWarmTarget is null;
                var headersAt = Stopwatch.GetTimestamp();

                // Over a warm connection already open, the first byte is timed from the send (a wait for the connection included).
                var readyAt = request.OpenedConnection ? request.ConnectedAt : sentAt;
                TimeSpan? firstByte = readyAt == 0 ? null : Stopwatch.GetElapsedTime(readyAt, headersAt);
                var code = (int)response.StatusCode;
                status = code;
                if (check.FollowRedirects && IsRedirect(code) && response.Headers.Location is { } location)
                {
                    phases.Add(request, firstByte, transfer: null);
                    if (redirects >= maxRedirects)
                    {
                        return Finish(CheckOutcome.Bad(ElapsedMs(started), Now, $"Too many redirects (more than {maxRedirects})"), phases, hop, status, WarmOf(warmTarget, opened));
                    }

                    var next = new Uri(uri!, location).AbsoluteUri;
                    if (TargetUrlRule.CheckSyntax(next, _options.AllowPrivateTargets, out uri) is { } hopProblem)
                    {
                        return Finish(UnusableUrl(ElapsedMs(started), next, hopProblem, prefix: $"Redirect to {next}: "), phases, hop, status, WarmOf(warmTarget, opened));
                    }

                    (method, body) = AfterRedirect(code, method, body);
                    continue;
                }

                if (!check.Accepts(code))
                {
                    phases.Add(request, firstByte, transfer: null);
                    return Finish(CheckOutcome.Bad(ElapsedMs(started), Now, $"HTTP {code}"), phases, hop, status, WarmOf(warmTarget, opened));
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
                return Finish(outcome, phases, hop, status, WarmOf(warmTarget, opened));
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (hop is not null)
            {
                phases.AddFailed(hop);
                opened |= hop.OpenedConnection;
            }

            return Finish(Failed(e, timeout.IsCancellationRequested, timeLimit, started, hop), phases, hop, status, WarmOf(warmTarget, opened));
        }
    }

    public void Dispose()
    {
        _plain.Dispose();
        _overTls.Dispose();
        _warmPlain.Dispose();
        _warmOverTls.Dispose();
    }

    private HttpMessageInvoker InvokerFor(ProbeRequest request) => (request.TlsHost is null, request.WarmTarget is null) switch
    {
        (true, true) => _plain,
        (false, true) => _overTls,
        (true, false) => _warmPlain,
        (false, false) => _warmOverTls,
    };

    /// <summary>The outcome's <c>Warm</c>: null for a fresh check, else whether none of its hops opened a connection.</summary>
    private static bool? WarmOf(string? warmTarget, bool opened) => warmTarget is null ? null : !opened;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private double ElapsedMs(long started) => _time.GetElapsedTime(started).TotalMilliseconds;

    private static bool IsRedirect(int code) => code is 301 or 302 or 303 or 307 or 308;

    private static (HttpMethod Method, string? Body) AfterRedirect(int code, HttpMethod method, string? body) =>
        (code == 303 && method != HttpMethod.Head) || (code is 301 or 302 && method == HttpMethod.Post)
            ? (HttpMethod.Get, null)
            : (method, body);

    /// <summary>The outcome with what the hops saw: the final status, the phases, the last hop's address and TLS facts.</summary>
    private static CheckOutcome Finish(CheckOutcome outcome, PhaseTotals phases, ProbeRequest? hop, int? status, bool? warm) => outcome with
    {
        Warm = warm,
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

    /// <summary>
    /// One keep-alive connection per target, replaced at the full-handshake bound (zero: never reused) and when idle; the
    /// rest of a body no assertion reads is drained (up to <see cref="AgentOptions.MaxResponseBytes"/>) to keep it.
    /// </summary>
    private static SocketsHttpHandler CreateWarmHandler(AgentOptions options, ProbeConnector connector)
    {
        var handler = CreateProbeHandler(options, connector);
        handler.PooledConnectionLifetime = options.TlsFullHandshakeInterval;
        handler.PooledConnectionIdleTimeout = WarmIdleTimeout;
        handler.MaxConnectionsPerServer = 1;
        handler.MaxResponseDrainSize = options.MaxResponseBytes;
        return handler;
    }
}
