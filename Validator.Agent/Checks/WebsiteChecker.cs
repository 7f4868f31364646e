using System.Net;
using Uptime.Agent.Configuration;
using Uptime.Security;

namespace Uptime.Agent.Checks;

/// <summary>
/// Probes a website with HTTP GETs on fresh connections, so latency includes DNS and connect, reading only the status
/// line and headers (at most min(<see cref="AgentOptions.MaxResponseBytes"/>, 64 KiB) of them). Redirects are followed
/// by hand, up to <see cref="AgentOptions.MaxRedirects"/>, each hop's URL checked like the first; the final 2xx or 3xx is
/// Good; any other status, one redirect too many, a refused target, a timeout or a network error is Bad. The
/// <see cref="TargetDialer"/> refuses private addresses at connect time.
/// </summary>
internal sealed class WebsiteChecker(AgentOptions options, TargetDialer dialer, TimeProvider time) : IDisposable
{
    private const int HeaderLimitKilobytes = 64;

    private readonly HttpClient _client = CreateProbeClient(options, dialer);

    public async Task<CheckOutcome> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (TargetUrlRule.CheckSyntax(url, options.AllowPrivateTargets, out var uri) is { } problem)
        {
            return CheckOutcome.Bad(0, Now, DescribeRefusedUrl(url, problem));
        }

        using var timeout = new CancellationTokenSource(options.CheckTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.ConnectionClose = true;
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
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
                    return CheckOutcome.Bad(ElapsedMs(started), Now, $"Redirect to {next}: {DescribeRefusedUrl(next, hopProblem)}");
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = timeout.IsCancellationRequested
                ? $"Timeout after {options.CheckTimeout.TotalMilliseconds:0} ms"
                : RefusalOf(e) ?? ExceptionMessages.Describe(e);
            return CheckOutcome.Bad(ElapsedMs(started), Now, error);
        }
    }

    public void Dispose() => _client.Dispose();

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private double ElapsedMs(long started) => time.GetElapsedTime(started).TotalMilliseconds;

    private static bool IsRedirect(int code) => code is 301 or 302 or 303 or 307 or 308;

    /// <summary>"Invalid URL …" for what is no http(s) URL at all, "Refused: …" for one the rule refuses.</summary>
    private static string DescribeRefusedUrl(string url, string problem) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? $"Refused: {problem}"
            : $"Invalid URL \"{url}\": must be an absolute http:// or https:// URL";

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

    private static HttpClient CreateProbeClient(AgentOptions options, TargetDialer dialer)
    {
        var handler = new SocketsHttpHandler
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
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Uptime-Validator/1.0");
        return client;
    }
}
