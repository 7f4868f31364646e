using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Uptime.Security;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>
/// Sends one request on the <see cref="ClientName"/> client and says what the receiver's answer means: 2xx delivered;
/// 408, 429 and 5xx retried (no sooner than its Retry-After); any other status refused for good (redirects are not
/// followed: a receiver's URL is checked against the SSRF rule, its redirect target is not); no answer retried.
/// </summary>
internal static class HttpDelivery
{
    public const string ClientName = "notifications";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const int ExcerptChars = 200;

    public static HttpRequestMessage JsonPost(string url, JsonNode body) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    /// <summary>Sends <paramref name="request"/>; <paramref name="secrets"/> are blanked out of any error text (a receiver may echo a URL).</summary>
    public static async Task<DeliveryResult> SendAsync(IHttpClientFactory clients, HttpRequestMessage request, IEnumerable<string?> secrets, CancellationToken cancellationToken)
    {
        using var _ = request;
        var receiver = request.RequestUri!.Authority;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Success(status);
            }
            var excerpt = Redact(await ReadStartAsync(response, cancellationToken), secrets);
            var error = $"{receiver} answered {status} {response.ReasonPhrase}: {ChannelText.Truncate(excerpt, ExcerptChars)}".TrimEnd(' ', ':');
            return IsTransient(response.StatusCode)
                ? DeliveryResult.Failure(status, error, RetryAfter(response.Headers.RetryAfter))
                : DeliveryResult.Refused(status, error);
        }
        catch (HttpRequestException e) when (e.InnerException is TargetRefusedException refused)
        {
            return DeliveryResult.Refused(null, $"{receiver} is refused: {refused.Message} (set ALLOW_PRIVATE_TARGETS=true on a private deployment)");
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Failure(null, $"{receiver} could not be reached: {e.HttpRequestError} ({e.InnerException?.Message ?? "no detail"})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failure(null, $"{receiver} did not answer within {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        }
    }

    /// <summary>The worst of several answers (a message sent as several requests): retried if any is, else refused if any is.</summary>
    public static DeliveryResult Worst(IReadOnlyList<DeliveryResult> results) =>
        results.FirstOrDefault(r => !r.Delivered && !r.Permanent) ?? results.FirstOrDefault(r => r.Permanent) ?? results[^1];

    /// <summary>
    /// <paramref name="text"/> without any of <paramref name="secrets"/>, nor the path and query of those that are URLs
    /// (where their tokens are), each replaced by "***".
    /// </summary>
    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        var hidden = secrets.Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => Uri.TryCreate(s, UriKind.Absolute, out var url) && url.PathAndQuery.Length > 1 ? [s!, url.PathAndQuery] : new[] { s! })
            .OrderByDescending(s => s.Length);
        return hidden.Aggregate(text, (redacted, secret) => redacted.Replace(secret, "***", StringComparison.Ordinal));
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The start of the body on one line, long enough that a secret in it is redacted whole before the excerpt is cut.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[4096];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken);
            return string.Join(' ', new string(buffer, 0, read).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            return "(body unreadable)";
        }
    }
}
