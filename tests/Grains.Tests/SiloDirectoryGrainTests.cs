using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SiloDirectoryGrainTests(ClusterFixture fixture)
{
    private readonly NullSiloRelay _gateway = new();

    [Fact]
    public async Task PublishAsync_TwoSilos_ReturnsAllEntries()
    {
        var directory = NewDirectory();

        var afterFirst = await directory.PublishAsync(Entry("silo-a", 3));
        var afterSecond = await directory.PublishAsync(Entry("silo-b", 5));

        Assert.Equal(["silo-a"], SiloIds(afterFirst));
        Assert.Equal(["silo-a", "silo-b"], SiloIds(afterSecond));
        Assert.Equal(5, afterSecond.Single(entry => entry.SiloId == "silo-b").ConnectedValidators);
    }

    [Fact]
    public async Task PublishAsync_SameSiloAgain_ReplacesItsEntry()
    {
        var directory = NewDirectory();
        await directory.PublishAsync(Entry("silo-a", 3));

        var entries = await directory.PublishAsync(Entry("silo-a", 7));

        var entry = Assert.Single(entries);
        Assert.Equal(7, entry.ConnectedValidators);
    }

    [Fact]
    public async Task PublishAsync_EntryNotRepublishedWithinLifetime_DropsIt()
    {
        var directory = NewDirectory();
        await directory.PublishAsync(Entry("silo-a", 1));
        await directory.PublishAsync(Entry("silo-b", 1));
        fixture.Time.Advance(SiloDirectoryGrain.EntryLifetime - TimeSpan.FromSeconds(10));
        Assert.Equal(["silo-a", "silo-b"], SiloIds(await directory.PublishAsync(Entry("silo-b", 1))));

        fixture.Time.Advance(TimeSpan.FromSeconds(11));
        var entries = await directory.PublishAsync(Entry("silo-b", 1));

        Assert.Equal(["silo-b"], SiloIds(entries));
    }

    [Fact]
    public async Task RemoveAsync_PublishedSilo_RemovesEntry()
    {
        var directory = NewDirectory();
        await directory.PublishAsync(Entry("silo-a", 1));
        await directory.PublishAsync(Entry("silo-b", 1));

        await directory.RemoveAsync("silo-a");

        Assert.Equal(["silo-b"], SiloIds(await directory.PublishAsync(Entry("silo-b", 2))));
    }

    // Every test gets its own directory; the hub uses key 0.
    private ISiloDirectoryGrain NewDirectory() =>
        fixture.Client.GetGrain<ISiloDirectoryGrain>(Random.Shared.NextInt64(1, long.MaxValue));

    private SiloEntry Entry(string siloId, int connectedValidators) =>
        new(siloId, fixture.Client.CreateObjectReference<ISiloRelay>(_gateway), connectedValidators);

    private static List<string> SiloIds(IReadOnlyList<SiloEntry> entries) =>
        [.. entries.Select(entry => entry.SiloId).Order(StringComparer.Ordinal)];
}
