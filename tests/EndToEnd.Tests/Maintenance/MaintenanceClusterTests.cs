using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Maintenance;

/// <summary>
/// Two silos: a window written through one silo reaches the websites whose grains live on the other within that silo's
/// refresh period (HUB_MAINTENANCE_REFRESH_SECONDS, 10 s by default), and its end within seconds.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MaintenanceClusterTests(TwoSiloClusterFixture cluster) : IClassFixture<TwoSiloClusterFixture>
{
    private static readonly TimeSpan _refreshPeriod = TimeSpan.FromSeconds(10);

    // Orleans places the grains over both silos, so with this many some are on the silo the window was not written through.
    private const int Websites = 8;

    [Fact]
    public async Task WindowWrittenThroughOneSilo_WebsitesOnBothSilosInMaintenanceWithinTheRefreshPeriod_ThenOut()
    {
        var websiteIds = new List<Guid>();
        for (var i = 0; i < Websites; i++)
        {
            var silo = i % 2 == 0 ? cluster.First : cluster.Second;
            websiteIds.Add((await silo.CreateWebsiteAsync($"https://example.com/cluster-maintenance-{Guid.NewGuid():N}", 30)).GetProperty("id").GetGuid());
        }

        var endsAt = DateTime.UtcNow.AddSeconds(25);
        var written = Stopwatch.StartNew();
        using var created = await cluster.First.Http.PostAsJsonAsync("api/maintenance-windows", new
        {
            name = "Cluster",
            startsAt = DateTime.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
            endsAt = endsAt.ToString("O", CultureInfo.InvariantCulture),
            websiteIds,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        await WaitForStatusAsync(websiteIds, "Maintenance", _refreshPeriod + TimeSpan.FromSeconds(4));
        Assert.True(written.Elapsed < _refreshPeriod + TimeSpan.FromSeconds(4), $"took {written.Elapsed}");

        await Task.Delay(endsAt - DateTime.UtcNow);
        await WaitForStatusAsync(websiteIds, "Unknown", TimeSpan.FromSeconds(4));
    }

    private Task WaitForStatusAsync(IReadOnlyList<Guid> websiteIds, string status, TimeSpan timeout) => Eventually.UntilAsync(
        async () => await Task.WhenAll(websiteIds.Select(cluster.First.WebsiteStatusAsync)),
        statuses => statuses.All(current => current == status),
        timeout,
        last => $"the websites are [{string.Join(", ", last ?? [])}], not all {status}, after {timeout.TotalSeconds} s{cluster.Diagnostics}");
}
