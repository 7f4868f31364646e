using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Success(status);
            }
            var error = Redact($"{receiver} answered {status} {response.ReasonPhrase}: {await ExcerptAsync(response, cancellationToken)}".TrimEnd(' ', ':'), secrets);
            return IsTransient(response.StatusCode)
                ? DeliveryResult.Failure(status, error, RetryAfter(response.Headers.RetryAfter))
                : DeliveryResult.Refused(status, error);
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Failure(null, $"{receiver} could not be reached: {e.HttpRequestError} ({e.InnerException?.Message ?? "no detail"})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failure(null, $"{receiver} did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The worst of several answers (a message sent as several requests): retried if any is, else refused if any is.</summary>
    public static DeliveryResult Worst(IReadOnlyList<DeliveryResult> results) =>
        results.FirstOrDefault(r => !r.Delivered && !r.Permanent) ?? results.FirstOrDefault(r => r.Permanent) ?? results[^1];

    public static string Redact(string text, IEnumerable<string?> secrets) =>
        secrets.Where(s => !string.IsNullOrEmpty(s)).Aggregate(text, (redacted, secret) => redacted.Replace(secret!, "***", StringComparison.Ordinal));

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[ExcerptChars];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken);
            var excerpt = string.Join(' ', new string(buffer, 0, read).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return read == ExcerptChars ? excerpt + "…" : excerpt;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            return "(body unreadable)";
        }
    }
}
