using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Push;

/// <summary>Push monitors of a real hub: made, pushed to and read through its API.</summary>
internal static class PushMonitors
{
    /// <summary>The push tick's validator id: the name-based UUID of "push" the hub uses (Hub.Silo's PushTicks).</summary>
    public static readonly Guid PushValidatorId = Hub.Push.PushTicks.ValidatorId;

    /// <summary>A push monitor made through the websites API; returns its id and push URL.</summary>
    public static async Task<(Guid Id, Uri PushUrl)> CreateAsync(HubProcess hub, string name, int intervalSeconds, int graceSeconds)
    {
        using var created = await hub.Http.PostAsJsonAsync(
            "api/websites", new { type = "push", name, interval = intervalSeconds, check = new { graceSeconds } });
        var body = await created.Content.ReadAsStringAsync();
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new XunitException($"POST /api/websites answered {(int)created.StatusCode}: {body}{hub.Diagnostics}");
        }

        using var view = JsonDocument.Parse(body);
        var pushUrl = view.RootElement.TryGetProperty("pushUrl", out var url) && url.GetString() is { } text
            ? new Uri(text)
            : throw new XunitException($"the website view has no pushUrl: {body}");
        return (view.RootElement.GetProperty("id").GetGuid(), pushUrl);
    }

    public static async Task<JsonElement> WebsiteAsync(HubProcess hub, Guid id)
    {
        using var response = await hub.Http.GetAsync($"api/websites/{id}");
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Waits until the website's status is <paramref name="status"/>; returns the website view.</summary>
    public static Task<JsonElement> WaitForStatusAsync(HubProcess hub, Guid id, string status, TimeSpan timeout) =>
        Eventually.UntilAsync(
            () => WebsiteAsync(hub, id),
            website => website.GetProperty("status").GetString() == status,
            timeout,
            last => $"website {id} is not {status}: {last}{hub.Diagnostics}");

    public static async Task<(HttpStatusCode Status, string Body)> PushAsync(HttpClient http, Uri pushUrl, string query = "")
    {
        using var response = await http.GetAsync(pushUrl + query);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
