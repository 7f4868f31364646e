using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>
/// The failover scenario of issue 15, on a cluster of two hub silos of its own (one is killed): kill -9 the silo hosting a
/// website's grain in the middle of an incident, and the website keeps exactly one incident, resolved once the target is back.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class FailoverScenarioTests(PostgresFixture postgres)
{
    private const int Interval = 10;
    private const int RecoverySeconds = 5;

    /// <summary>Orleans finds a killed silo dead within about 7–11 s; the surviving silo's keeper then wakes its websites, which check at once or at their next slot.</summary>
    private static readonly TimeSpan _failoverTime = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task SiloHostingTheWebsiteKilledMidIncident_StillExactlyOneIncident_ResolvedLater()
    {
        await using var target = await SwitchableTarget.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string?> { ["HUB_CLUSTER_ID"] = "e2e-failover-" + Guid.NewGuid().ToString("N")[..8] };
        await using var doomed = await HubProcess.StartAsync(connectionString, cluster);
        await using var survivor = await HubProcess.StartAsync(connectionString, cluster);
        await using var fleet = await ValidatorFleet.OnePerRegionAsync(survivor);
        var (endpoint, websiteId) = await CreateWebsiteHostedOnAsync(doomed, survivor, fleet, target);
        var api = new VerdictApi(survivor);

        endpoint.Set(TargetHealth.Unavailable);
        var incident = await api.WaitForIncidentAsync(websiteId, i => i.ResolvedAt is null, TimeSpan.FromSeconds(Interval + 15), "no incident opened after the target went down");
        await doomed.Process.KillAsync();
        var killedAt = DateTime.UtcNow;
        // Checks sent after the kill come from the grain's new activation on the survivor; its second round has evaluated them.
        var firstRound = await fleet.WaitForRoundAsync(websiteId, killedAt, _failoverTime);
        await fleet.WaitForRoundAsync(websiteId, firstRound.Max(t => t.Check.ReceivedAt), TimeSpan.FromSeconds((1.5 * Interval) + 5));

        var during = await api.IncidentsAsync(websiteId);
        Assert.True(during.Count == 1 && during[0].Id == incident.Id && during[0].ResolvedAt is null, $"after the failover at {killedAt:O}: {string.Join(", ", during)}");
        Assert.Equal("Down", (await api.VerdictAsync(websiteId)).Status);

        endpoint.Set(TargetHealth.Up);
        await api.WaitForIncidentAsync(websiteId, i => i.Id == incident.Id && i.ResolvedAt is not null, TimeSpan.FromSeconds((2.5 * Interval) + RecoverySeconds + 5), "the incident was not resolved");
        Assert.Single(await api.IncidentsAsync(websiteId));
    }

    /// <summary>
    /// A website created through <paramref name="doomed"/>, whose grain placement prefers the caller, and Up: its grain lives
    /// there and the validators are on <paramref name="survivor"/>. The keeper of <paramref name="survivor"/> can still wake a
    /// new website's grain first if its sweep lists it between the insert and the create's own call; then a new website is tried.
    /// </summary>
    private static async Task<(TargetEndpoint Endpoint, Guid WebsiteId)> CreateWebsiteHostedOnAsync(
        HubProcess doomed, HubProcess survivor, ValidatorFleet fleet, SwitchableTarget target)
    {
        var misplaced = new List<Guid>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var endpoint = target.NewEndpoint();
            var createdAt = DateTime.UtcNow;
            var websiteId = await new VerdictApi(doomed).CreateWebsiteAsync(new { url = endpoint.Url, interval = Interval, recoverySeconds = RecoverySeconds });
            await fleet.WaitForRoundAsync(websiteId, createdAt, TimeSpan.FromSeconds((1.5 * Interval) + 5));
            await new VerdictApi(survivor).WaitForStatusAsync(websiteId, "Up", TimeSpan.FromSeconds(5));
            if (HostsTheGrain(doomed, websiteId) && !HostsTheGrain(survivor, websiteId))
            {
                return (endpoint, websiteId);
            }

            misplaced.Add(websiteId);
        }

        throw new XunitException(
            $"no website's grain stayed only on the silo it was created through: {string.Join(", ", misplaced)}{doomed.Diagnostics}{survivor.Diagnostics}");
    }

    /// <summary>Whether <paramref name="silo"/> logged a status change of the website: only the silo hosting its grain does.</summary>
    private static bool HostsTheGrain(HubProcess silo, Guid websiteId) => silo.Process.Output.Contains($"Website {websiteId} (", StringComparison.Ordinal);
}
