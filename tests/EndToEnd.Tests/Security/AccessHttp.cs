using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>Requests as an anonymous client would send them (no key, no cookie jar), and reading their answers.</summary>
internal static class AccessHttp
{
    public const string WebsiteBody = """{"url":"https://example.com/access","interval":30}""";

    public static HttpClient Anonymous(HttpClient hub) => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = hub.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// A request with a JSON body (<paramref name="json"/>), an admin key, a Cookie header and an <c>Origin</c> header, each
    /// only when given.
    /// </summary>
    public static HttpRequestMessage Request(
        HttpMethod method, string path, string? json = null, string? bearer = null, string? cookie = null, string? origin = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    /// <summary>The origin of the hub's own pages (<c>http://127.0.0.1:port</c>), as a browser sends it in <c>Origin</c>.</summary>
    public static string OriginOf(HttpClient hub) => hub.BaseAddress!.GetLeftPart(UriPartial.Authority);

    /// <summary>The status and the parsed JSON body (null when there is none).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement? Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonElement? body = null;
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
            {
                using var document = JsonDocument.Parse(text);
                body = document.RootElement.Clone();
            }

            return (response.StatusCode, body, response);
        }
    }

    /// <summary>The <c>uptime_session</c> Set-Cookie header of a login answer.</summary>
    public static string SessionSetCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Single(v => v.StartsWith("uptime_session=", StringComparison.Ordinal))
            : throw new Xunit.Sdk.XunitException($"No Set-Cookie in the {(int)response.StatusCode} answer");

    /// <summary>The <c>name=value</c> part of a Set-Cookie header, as a Cookie request header sends it.</summary>
    public static string CookiePair(string setCookie) => setCookie.Split(';')[0];
}
