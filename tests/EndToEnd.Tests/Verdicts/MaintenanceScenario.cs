using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Uptime.EndToEnd.Tests.Verdicts;

public sealed partial class VerdictScenarioTests
{
    // The calendar looks for window boundaries every second; a grain call and the status write follow.
    private static readonly TimeSpan _maintenanceBoundaryBound = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task MaintenanceWindowOverADownTarget_MaintenanceNoIncidentAndTheTimeLeftOutOfUptime()
    {
        await using var fleet = await ValidatorFleet.OnePerRegionAsync(Hub);
        var endpoint = Target.NewEndpoint();
        var websiteId = await CreateUpWebsiteAsync(fleet, Website(endpoint));
        using var created = await Hub.Http.PostAsJsonAsync("api/maintenance-windows", new
        {
            name = "Failover drill",
            startsAt = Iso(DateTime.UtcNow.AddMinutes(-1)),
            endsAt = Iso(DateTime.UtcNow.AddMinutes(10)),
            websiteIds = new[] { websiteId },
        });
        var windowId = (await Api.ReadAsync(created, HttpStatusCode.Created, "POST api/maintenance-windows")).GetProperty("id").GetGuid();
        await Api.WaitForStatusAsync(websiteId, "Maintenance", _maintenanceBoundaryBound);

        var downAt = DateTime.UtcNow;
        endpoint.Set(TargetHealth.Unavailable);
        var downRound = await fleet.WaitForRoundAsync(websiteId, downAt, _roundTime);
        Assert.True(downRound.All(t => !t.Good), $"the down target was checked Good: {string.Join(", ", downRound.Select(t => t.Tick.Status))}");
        await fleet.WaitForRoundAsync(websiteId, downAt + TimeSpan.FromSeconds(Interval), _roundTime);
        Assert.Equal("Maintenance", (await Api.VerdictAsync(websiteId)).Status);
        await AssertNoIncidentAsync(websiteId);

        // Good answers from every validator replace the Bad ones before the window closes, so the website leaves it Up.
        var upAt = DateTime.UtcNow;
        endpoint.Set(TargetHealth.Up);
        await fleet.WaitForRoundAsync(websiteId, upAt, _roundTime);
        using var ended = await Hub.Http.PutAsJsonAsync($"api/maintenance-windows/{windowId}", new
        {
            name = "Failover drill",
            startsAt = Iso(DateTime.UtcNow.AddMinutes(-1)),
            endsAt = Iso(DateTime.UtcNow.AddSeconds(2)),
            websiteIds = new[] { websiteId },
        });
        await Api.ReadAsync(ended, HttpStatusCode.OK, $"PUT api/maintenance-windows/{windowId}");
        await Api.WaitForStatusAsync(websiteId, "Up", TimeSpan.FromSeconds(2) + _maintenanceBoundaryBound);

        var changes = await Api.StatusChangesAsync(websiteId);
        Assert.Equal(["Unknown→Up", "Up→Maintenance", "Maintenance→Up"], changes.Select(c => $"{c.From}→{c.To}"));
        var uptime = await Api.UptimeByTimeAsync(websiteId);
        var seconds = uptime.GetProperty("secondsByStatus");
        Assert.Equal((changes[2].At - changes[1].At).TotalSeconds, seconds.GetProperty("maintenance").GetDouble(), 0.001);
        Assert.Equal(0, seconds.GetProperty("down").GetDouble());
        Assert.Equal(100, uptime.GetProperty("percent").GetDouble());
        await AssertNoIncidentAsync(websiteId);
        AssertNoErrors(fleet.All);
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
