using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

[Collection(OrleansAdoNetCollection.Name)]
public sealed class AdoNetClusteringTests(OrleansAdoNetFixture fixture)
{
    private const int ActiveStatus = (int)SiloStatus.Active;

    [Fact]
    public async Task Deploy_TwoSilosOnPostgres_BothActiveInMembershipTableAndClientCallsGrain()
    {
        var cluster = await fixture.GetSharedClusterAsync();

        var rows = new List<(string Address, int Port, int Generation, int Status, int ProxyPort)>();
        await using (var command = cluster.DataSource.CreateCommand(
            "SELECT address, port, generation, status, proxyport FROM orleans_membership WHERE deploymentid = $1"))
        {
            command.Parameters.AddWithValue(cluster.ClusterId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
            }
        }

        var expected = cluster.Cluster.Silos
            .Select(s => (s.SiloAddress.Endpoint.Address.ToString(), s.SiloAddress.Endpoint.Port, s.SiloAddress.Generation))
            .OrderBy(s => s.Port)
            .ToList();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, rows.Select(r => (r.Address, r.Port, r.Generation)).OrderBy(r => r.Port).ToList());
        Assert.All(rows, r => Assert.Equal(ActiveStatus, r.Status));
        Assert.All(rows, r => Assert.True(r.ProxyPort > 0, "every silo is a gateway"));

        // The client found its gateways through the membership table (GatewaysQueryKey).
        var grain = cluster.Client.GetGrain<IAdoNetStateTestGrain>("join-" + Guid.NewGuid().ToString("N"));
        var host = SiloAddress.FromParsableString(await grain.GetSiloAsync());
        Assert.Contains(cluster.Cluster.Silos, s => s.SiloAddress.Equals(host));
    }

    [Fact]
    public async Task UpdateRowAsync_StaleTableVersion_ReturnsFalseAndChangesNothing()
    {
        var cluster = await fixture.GetSharedClusterAsync();
        var table = cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IMembershipTable>();

        // A write with the version just read succeeds and bumps the version (retry if a silo wrote in between).
        MembershipTableData? read = null;
        var updated = false;
        for (var attempt = 0; attempt < 10 && !updated; attempt++)
        {
            read = await table.ReadAllAsync();
            var (entry, etag) = read.Members[0];
            updated = await table.UpdateRowAsync(entry, etag, read.Version.Next());
        }

        Assert.True(updated, "an update with the current table version must succeed");
        var after = await table.ReadAllAsync();
        Assert.True(after.Version.Version > read!.Version.Version, "a successful update bumps the table version");

        // The same, now stale, version must be refused, not applied. (The change is a suspicion vote by a silo
        // that does not exist, so that a wrongly applied write would not take the shared cluster down.)
        var (staleEntry, staleEtag) = read.Members[0];
        var marker = SiloAddress.New(IPAddress.Loopback, 1, 1);
        staleEntry.SuspectTimes = [Tuple.Create(marker, DateTime.UtcNow)];
        Assert.False(await table.UpdateRowAsync(staleEntry, staleEtag, read.Version.Next()));

        var current = await table.ReadAllAsync();
        var row = current.Members.Single(m => m.Item1.SiloAddress.Equals(staleEntry.SiloAddress)).Item1;
        Assert.DoesNotContain(row.SuspectTimes ?? [], vote => vote.Item1.Equals(marker));
        Assert.Equal(after.Version.Version, current.Version.Version);
    }

    [Fact]
    public async Task InsertRowAsync_StaleTableVersion_ReturnsFalseAndInsertsNothing()
    {
        var cluster = await fixture.GetSharedClusterAsync();
        var table = cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IMembershipTable>();
        var read = await table.ReadAllAsync();
        var stale = new TableVersion(read.Version.Version - 1, (read.Version.Version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var now = DateTime.UtcNow;
        var phantom = new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, 1, 1),
            SiloName = "phantom",
            HostName = "phantom",
            Status = SiloStatus.Joining,
            ProxyPort = 0,
            StartTime = now,
            IAmAliveTime = now,
        };

        Assert.False(await table.InsertRowAsync(phantom, stale.Next()));

        var current = await table.ReadAllAsync();
        Assert.DoesNotContain(current.Members, m => m.Item1.SiloAddress.Equals(phantom.SiloAddress));
    }
}
