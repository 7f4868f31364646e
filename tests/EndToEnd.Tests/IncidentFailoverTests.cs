using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Testing;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// One incident per outage across failovers: the silo holding a website's grain is killed (kill -9) while the website is
/// Down; the grain activated again by the next hub process on the same database continues the open incident instead of
/// opening another, and resolves it when the target is back.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class IncidentFailoverTests(PostgresFixture postgres)
{
    private const int Interval = 10;
    private static readonly TimeSpan _roundWait = TimeSpan.FromSeconds(Interval * 2 + 10);

    [Fact]
    public async Task SiloKilledMidIncident_ExactlyOneIncident_ResolvedAfterTheTargetIsBack()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var publicKey = AgentProcess.NewPublicKey();
        Guid websiteId;
        Guid incidentId;
        await using (var crashed = await HubProcess.StartAsync(connectionString))
        {
            await using var validator = await HubClient.ConnectAsync(crashed);
            await validator.RegisterAsync(publicKey, "eu-west");
            websiteId = (await CreateWebsiteAsync(crashed)).GetProperty("id").GetGuid();
            await AnswerAsync(validator, websiteId, TickStatus.Bad);
            var opened = await WaitForIncidentsAsync(crashed, websiteId, incidents => incidents.Length == 1);
            incidentId = opened[0].GetProperty("id").GetGuid();
            Assert.Equal("open", opened[0].GetProperty("state").GetString());
            await crashed.Process.KillAsync();
        }

        await using var hub = await HubProcess.StartAsync(connectionString);
        await using var client = await HubClient.ConnectAsync(hub);
        await client.RegisterAsync(publicKey, "eu-west");

        await AnswerAsync(client, websiteId, TickStatus.Bad);
        await AnswerAsync(client, websiteId, TickStatus.Bad);
        Assert.Equal("Down", await hub.WebsiteStatusAsync(websiteId));
        var stillOne = await IncidentsAsync(hub, websiteId);
        Assert.True(stillOne.Length == 1, $"{stillOne.Length} incidents after the failover: {string.Join(", ", stillOne.Select(i => i.ToString()))}{hub.Diagnostics}");
        Assert.Equal(incidentId, stillOne[0].GetProperty("id").GetGuid());

        await AnswerAsync(client, websiteId, TickStatus.Good);
        var resolved = await WaitForIncidentsAsync(hub, websiteId, incidents => incidents.All(i => i.GetProperty("state").GetString() == "resolved"));
        Assert.Equal(incidentId, Assert.Single(resolved).GetProperty("id").GetGuid());
        Assert.Equal("auto", resolved[0].GetProperty("resolvedBy").GetString());
    }

    /// <summary>A website checked every 10 s whose incident resolves at the first good verdict.</summary>
    private static async Task<JsonElement> CreateWebsiteAsync(HubProcess hub)
    {
        using var response = await hub.Http.PostAsJsonAsync("api/websites", new { url = "https://example.com/incident-failover", interval = Interval, recoverySeconds = 0 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/websites answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Answers the website's next check as our agent would, and waits until the tick is acknowledged (stored).</summary>
    private static async Task AnswerAsync(HubClient client, Guid websiteId, TickStatus status)
    {
        var check = await client.ReceiveCheckForAsync(websiteId, _roundWait);
        var tick = HubClient.Answer(check, status, 20, DateTime.UtcNow, status == TickStatus.Bad ? "HTTP 503" : null);
        await client.SendAsync(tick);
        await client.ReceiveUntilAsync(m => m is TickAckMessage ack && ack.TickIds.Contains(tick.TickId!.Value), "the tick's TICK_ACK");
    }

    private static async Task<JsonElement[]> IncidentsAsync(HubProcess hub, Guid websiteId) =>
        (await hub.Http.GetFromJsonAsync<JsonElement[]>($"api/incidents?websiteId={websiteId}&state=all"))!;

    private static Task<JsonElement[]> WaitForIncidentsAsync(HubProcess hub, Guid websiteId, Func<JsonElement[], bool> condition) =>
        Eventually.UntilAsync(
            () => IncidentsAsync(hub, websiteId),
            condition,
            TimeSpan.FromSeconds(15),
            last => $"incidents of {websiteId}: {string.Join(", ", last?.Select(i => i.ToString()) ?? [])}{hub.Diagnostics}");
}
