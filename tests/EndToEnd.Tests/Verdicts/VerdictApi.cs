using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>The REST reads and writes the verdict scenarios make against a real hub, each failing with the hub's answer.</summary>
internal sealed class VerdictApi(HubProcess hub)
{
    /// <summary>POSTs a website body (url, interval and any verdict fields) and returns its id.</summary>
    public async Task<Guid> CreateWebsiteAsync(object body)
    {
        using var response = await hub.Http.PostAsJsonAsync("api/websites", body);
        return (await ReadAsync(response, HttpStatusCode.Created, "POST api/websites")).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> WebsiteAsync(Guid websiteId) => await GetAsync($"api/websites/{websiteId}");

    public async Task<WebsiteVerdict> VerdictAsync(Guid websiteId) => WebsiteVerdict.Read(await WebsiteAsync(websiteId));

    /// <summary>Waits until the website's verdict satisfies <paramref name="done"/>; returns it.</summary>
    public Task<WebsiteVerdict> WaitForVerdictAsync(Guid websiteId, Func<WebsiteVerdict, bool> done, TimeSpan timeout, string what) =>
        Eventually.UntilAsync(
            () => VerdictAsync(websiteId),
            done,
            timeout,
            last => $"website {websiteId}: {what}; last seen {last}{hub.Diagnostics}");

    public Task<WebsiteVerdict> WaitForStatusAsync(Guid websiteId, string status, TimeSpan timeout) =>
        WaitForVerdictAsync(websiteId, verdict => verdict.Status == status, timeout, $"not {status} within {timeout.TotalSeconds:0} s");

    /// <summary>The website's status changes, oldest first.</summary>
    public async Task<IReadOnlyList<StatusChange>> StatusChangesAsync(Guid websiteId) =>
        [.. (await GetAsync($"api/websites/{websiteId}/status-changes")).EnumerateArray().Select(StatusChange.Read).OrderBy(c => c.At)];

    /// <summary><c>uptimeByTime</c> of the website's stats over the last hour.</summary>
    public async Task<JsonElement> UptimeByTimeAsync(Guid websiteId) =>
        (await GetAsync($"api/websites/{websiteId}/stats?window=1h")).GetProperty("uptimeByTime");

    /// <summary>The website's incidents in <paramref name="state"/> (open, resolved or all).</summary>
    public async Task<IReadOnlyList<Incident>> IncidentsAsync(Guid websiteId, string state = "all") =>
        [.. (await GetAsync($"api/incidents?websiteId={websiteId}&state={state}")).EnumerateArray().Select(Incident.Read)];

    /// <summary>Waits until the website has an incident <paramref name="done"/> accepts; returns it.</summary>
    public async Task<Incident> WaitForIncidentAsync(Guid websiteId, Func<Incident, bool> done, TimeSpan timeout, string what)
    {
        var incidents = await Eventually.UntilAsync(
            () => IncidentsAsync(websiteId),
            found => found.Any(done),
            timeout,
            last => $"website {websiteId}: {what} within {timeout.TotalSeconds:0} s; incidents: [{string.Join(", ", last ?? [])}]{hub.Diagnostics}");
        return incidents.First(done);
    }

    /// <summary>The votes that opened an incident: its timeline's <c>opened</c> entry (<c>GET /api/incidents/{id}</c>).</summary>
    public async Task<IReadOnlyList<EvidenceVote>> EvidenceAsync(Guid incidentId) =>
        [.. (await GetAsync($"api/incidents/{incidentId}")).GetProperty("timeline").EnumerateArray()
            .Single(entry => entry.GetProperty("kind").GetString() == "opened")
            .GetProperty("votes").EnumerateArray().Select(EvidenceVote.Read)];

    /// <summary>The validators API row of <paramref name="validatorId"/>.</summary>
    public async Task<JsonElement> ValidatorAsync(Guid validatorId) =>
        (await GetAsync("api/validators")).EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == validatorId);

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await hub.Http.GetAsync(path);
        return await ReadAsync(response, HttpStatusCode.OK, $"GET {path}");
    }

    /// <summary>The body of <paramref name="response"/>, which must have <paramref name="expected"/> status.</summary>
    public async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string request)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new XunitException($"{request} answered {(int)response.StatusCode}, expected {(int)expected}: {body}{hub.Diagnostics}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
