using Microsoft.Extensions.DependencyInjection;
using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

public sealed class SiloDirectoryMembershipTests(KillableSilosFixture fixture) : IClassFixture<KillableSilosFixture>
{
    private readonly NullSiloRelay _gateway = new();

    [Fact]
    public async Task PublishAsync_SiloKilled_DropsItsEntryAsSoonAsMembershipDeclaresItDead()
    {
        var cluster = fixture.Cluster;
        var directory = cluster.Client.GetGrain<ISiloDirectoryGrain>(0);
        foreach (var silo in cluster.Silos)
        {
            await directory.PublishAsync(Entry(silo.SiloAddress));
        }

        var directoryHost = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(directory);
        var victim = cluster.Silos.First(silo => !silo.SiloAddress.Equals(directoryHost));
        var survivor = cluster.Silos.First(silo => silo != victim);
        var membership = cluster.GetSiloServiceProvider(survivor.SiloAddress).GetRequiredService<IClusterMembershipService>();

        await cluster.KillSiloAsync(victim);
        await Eventually.ReturnsAsync(
            () => Task.FromResult(membership.CurrentSnapshot.GetSiloStatus(victim.SiloAddress)),
            status => status == SiloStatus.Dead,
            "membership to declare the killed silo dead");
        var entries = await directory.PublishAsync(Entry(survivor.SiloAddress));

        Assert.Equal([survivor.SiloAddress.ToParsableString()], entries.Select(entry => entry.SiloId));
    }

    private SiloEntry Entry(SiloAddress silo) =>
        new(silo.ToParsableString(), fixture.Cluster.Client.CreateObjectReference<ISiloRelay>(_gateway), 1);
}
