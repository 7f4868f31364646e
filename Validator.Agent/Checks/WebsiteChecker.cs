using System.Net;
using Uptime.Agent.Configuration;

namespace Uptime.Agent.Checks;

/// <summary>
/// Probes a website with one HTTP GET on a fresh connection, so latency includes DNS and connect, reading only
/// the response headers. 2xx and 3xx are Good (redirects are not followed); any other status, a timeout or a
/// network error is Bad.
/// </summary>
internal sealed class WebsiteChecker(AgentOptions options, TimeProvider time) : IDisposable
{
    private readonly HttpClient _client = CreateProbeClient();

    public async Task<CheckOutcome> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return CheckOutcome.Bad(0, Now, $"Invalid URL \"{url}\": must be an absolute http:// or https:// URL");
        }

        using var timeout = new CancellationTokenSource(options.CheckTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.ConnectionClose = true;
        var started = time.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var latency = ElapsedMs(started);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? CheckOutcome.Good(latency, Now) : CheckOutcome.Bad(latency, Now, $"HTTP {code}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = timeout.IsCancellationRequested
                ? $"Timeout after {options.CheckTimeout.TotalMilliseconds:0} ms"
                : ExceptionMessages.Describe(e);
            return CheckOutcome.Bad(ElapsedMs(started), Now, error);
        }
    }

    public void Dispose() => _client.Dispose();

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private double ElapsedMs(long started) => time.GetElapsedTime(started).TotalMilliseconds;

    private static HttpClient CreateProbeClient()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Uptime-Validator/1.0");
        return client;
    }
}
