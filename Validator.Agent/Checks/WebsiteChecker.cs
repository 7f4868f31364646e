using System.Net;
using Uptime.Agent.Configuration;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Checks;

/// <summary>
/// Probes a website with HTTP GETs on fresh connections, so latency includes DNS and connect, reading only the status
/// line and headers (at most min(<see cref="AgentOptions.MaxResponseBytes"/>, 64 KiB) of them). Redirects are followed
/// by hand, up to <see cref="AgentOptions.MaxRedirects"/>, each hop's URL checked like the first; the final 2xx or 3xx is
/// Good; any other status, one redirect too many, a refused target, a timeout or a network error is Bad (a target its
/// policy refuses is marked refused: no vote about the website). The
/// <see cref="TargetDialer"/> refuses private addresses at connect time.
/// </summary>
internal sealed class WebsiteChecker(AgentOptions options, TargetDialer dialer, TimeProvider time) : IDisposable
{
    private const int HeaderLimitKilobytes = 64;

    private const string UserAgent = "Uptime-Validator/1.0";

    // An invoker rather than an HttpClient: a check needs none of its defaults or timeout, and HttpClient would link one
    // more cancellation source per request.
    private readonly HttpMessageInvoker _invoker = new(CreateProbeHandler(options, dialer));

    public async Task<CheckOutcome> CheckAsync(string url, HttpCheckDefinition check, CancellationToken cancellationToken)
    {
        if (TargetUrlRule.CheckSyntax(url, options.AllowPrivateTargets, out var uri) is { } problem)
        {
            return UnusableUrl(0, url, problem, prefix: "");
        }

        // One source per check: the timeout, also cancelled when the agent stops (the catch below tells them apart).
        using var timeout = new CancellationTokenSource(options.CheckTimeout, time);
        using var stopping = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        var started = time.GetTimestamp();
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.ConnectionClose = true;
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                using var response = await _invoker.SendAsync(request, timeout.Token);
                var code = (int)response.StatusCode;
                if (!IsRedirect(code) || response.Headers.Location is not { } location)
                {
                    var latency = ElapsedMs(started);
                    return code is >= 200 and < 400 ? CheckOutcome.Good(latency, Now) : CheckOutcome.Bad(latency, Now, $"HTTP {code}");
                }

                if (redirects == options.MaxRedirects)
                {
                    return CheckOutcome.Bad(ElapsedMs(started), Now, $"Too many redirects (more than {options.MaxRedirects})");
                }

                var next = new Uri(uri!, location).AbsoluteUri;
                if (TargetUrlRule.CheckSyntax(next, options.AllowPrivateTargets, out uri) is { } hopProblem)
                {
                    return UnusableUrl(ElapsedMs(started), next, hopProblem, prefix: $"Redirect to {next}: ");
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (timeout.IsCancellationRequested)
            {
                return CheckOutcome.Bad(ElapsedMs(started), Now, $"Timeout after {options.CheckTimeout.TotalMilliseconds:0} ms");
            }

            return RefusalOf(e) is { } refusal
                ? CheckOutcome.RefusedByPolicy(ElapsedMs(started), Now, refusal)
                : CheckOutcome.Bad(ElapsedMs(started), Now, ExceptionMessages.Describe(e));
        }
    }

    public void Dispose() => _invoker.Dispose();

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private double ElapsedMs(long started) => time.GetElapsedTime(started).TotalMilliseconds;

    private static bool IsRedirect(int code) => code is 301 or 302 or 303 or 307 or 308;

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

    private static SocketsHttpHandler CreateProbeHandler(AgentOptions options, TargetDialer dialer) =>
        new()
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            ConnectCallback = dialer.ConnectAsync,
            MaxResponseHeadersLength = Math.Min(options.MaxResponseBytes / 1024, HeaderLimitKilobytes),

            // Nothing past the headers is read, not even to reuse the connection (there is no reuse: Connection: close).
            MaxResponseDrainSize = 0,
        };
}
