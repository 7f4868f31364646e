using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// Uptime by time through the REST API of a real hub: a website answered Bad once and Good at the next check is Down for
/// one interval, and its stats and its dashboard row report exactly the seconds its status changes measure.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class UptimeByTimeApiTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private const int Interval = 10;
    private const double Tolerance = 0.001;

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task DownForOneInterval_StatsAndDashboardReportTheMeasuredSeconds()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var url = $"https://example.com/uptime-by-time-{Guid.NewGuid():N}";
        var created = await Hub.CreateWebsiteAsync(url, Interval);
        var id = created.GetProperty("id").GetGuid();
        var createdAt = created.GetProperty("createdAt").GetDateTime();

        await AnswerNextCheckAsync(client, id, TickStatus.Bad);
        await StatusChangesAsync(id, 1);
        await AnswerNextCheckAsync(client, id, TickStatus.Good);
        var changes = await StatusChangesAsync(id, 2);
        Assert.Equal([("Down", "Up"), ("Unknown", "Down")], changes.Select(c => (c.From, c.To)));
        var (upAt, downAt) = (changes[0].At, changes[1].At);

        var before = DateTime.UtcNow;
        using var stats = await GetAsync($"api/websites/{id}/stats?window=1h");
        using var dashboard = await GetAsync($"api/dashboard?q={url}");
        var after = DateTime.UtcNow;

        var row = Assert.Single(dashboard.RootElement.GetProperty("websites").EnumerateArray());
        Assert.True(row.TryGetProperty("uptime", out _), $"the dashboard row lost its tick ratio: {row}");
        Assert.True(stats.RootElement.TryGetProperty("uptimePercent", out _), $"the stats lost their tick ratio: {stats.RootElement}");
        foreach (var byTime in new[] { stats.RootElement.GetProperty("uptimeByTime"), row.GetProperty("uptimeByTime").GetProperty("h24") })
        {
            var seconds = byTime.GetProperty("secondsByStatus");
            Assert.Equal((upAt - downAt).TotalSeconds, seconds.GetProperty("down").GetDouble(), Tolerance);
            Assert.Equal((downAt - createdAt).TotalSeconds, seconds.GetProperty("unknown").GetDouble(), Tolerance);
            var up = seconds.GetProperty("up").GetDouble();
            Assert.InRange(up, (before - upAt).TotalSeconds - Tolerance, (after - upAt).TotalSeconds + Tolerance);
            Assert.Equal(0, seconds.GetProperty("degraded").GetDouble());
            Assert.Equal(0, seconds.GetProperty("maintenance").GetDouble());
            var down = seconds.GetProperty("down").GetDouble();
            Assert.Equal(up * 100 / (up + down), byTime.GetProperty("percent").GetDouble(), 1e-9);
        }
    }

    private static async Task AnswerNextCheckAsync(HubClient client, Guid websiteId, TickStatus status)
    {
        var check = await client.ReceiveCheckForAsync(websiteId, TimeSpan.FromSeconds(Interval + 10));
        await client.SendAsync(HubClient.Answer(check, status, 10, DateTime.UtcNow, status == TickStatus.Bad ? "HTTP 500" : null));
        await client.ReceiveUntilAsync(m => m is TickAckMessage, "the TICK_ACK of the answer");
    }

    /// <summary>The website's status changes, newest first, once there are <paramref name="count"/> of them.</summary>
    private Task<IReadOnlyList<(DateTime At, string From, string To)>> StatusChangesAsync(Guid websiteId, int count) =>
        Eventually.UntilAsync<IReadOnlyList<(DateTime At, string From, string To)>>(
            async () =>
            {
                using var changes = await GetAsync($"api/websites/{websiteId}/status-changes");
                return [.. changes.RootElement.EnumerateArray().Select(c =>
                    (c.GetProperty("at").GetDateTime(), c.GetProperty("from").GetString()!, c.GetProperty("to").GetString()!))];
            },
            changes => changes.Count >= count,
            TimeSpan.FromSeconds(15),
            changes => $"expected {count} status changes, saw {changes?.Count ?? 0}{Hub.Diagnostics}");

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await Hub.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
