using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>An operator's calls to <c>/api/validators</c> with the admin key, as the REST API answers them.</summary>
internal static class ValidatorAdmin
{
    /// <summary>Sends a request with the admin key (and <paramref name="json"/> as the body); the status and the parsed body, if any.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement? Body)> SendAsync(this HubProcess hub, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await hub.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<JsonElement> BanAsync(this HubProcess hub, Guid id, string? reason = null) =>
        ExpectOkAsync(hub, $"api/validators/{id}/ban", reason is null ? null : JsonSerializer.Serialize(new { reason }));

    public static Task<JsonElement> UnbanAsync(this HubProcess hub, Guid id) => ExpectOkAsync(hub, $"api/validators/{id}/unban", null);

    public static Task<JsonElement> ApproveAsync(this HubProcess hub, Guid id) => ExpectOkAsync(hub, $"api/validators/{id}/approve", null);

    /// <summary>The validator as <c>GET /api/validators</c> lists it, or null when it is not listed.</summary>
    public static async Task<JsonElement?> ListedValidatorAsync(this HubProcess hub, Guid id)
    {
        var (_, body) = await hub.SendAsync(HttpMethod.Get, "api/validators");
        return body!.Value.EnumerateArray().Where(v => v.GetProperty("id").GetGuid() == id).Select(v => (JsonElement?)v).FirstOrDefault();
    }

    private static async Task<JsonElement> ExpectOkAsync(HubProcess hub, string path, string? json)
    {
        var (status, body) = await hub.SendAsync(HttpMethod.Post, path, json);
        if (status != HttpStatusCode.OK)
        {
            throw new XunitException($"POST {path} answered {(int)status}: {body}{hub.Diagnostics}");
        }

        return body!.Value;
    }
}
