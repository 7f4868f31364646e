using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

[Collection(OrleansAdoNetCollection.Name)]
public sealed class AdoNetGrainStorageTests(OrleansAdoNetFixture fixture)
{
    private static readonly TimeSpan _failoverTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WriteStateAsync_HostingSiloKilled_StateReadBackOnSurvivingSilo()
    {
        await using var cluster = await AdoNetCluster.StartAsync(fixture.Server);
        var key = "survivor-" + Guid.NewGuid().ToString("N");
        var grain = cluster.Client.GetGrain<IAdoNetStateTestGrain>(key);
        await grain.SetValueAsync("written before the kill");
        var killed = SiloAddress.FromParsableString(await grain.GetSiloAsync());

        Assert.Equal(1L, await CountStorageRowsAsync(cluster, key));

        await cluster.Cluster.KillSiloAsync(cluster.SiloAt(killed));

        // Calls fail or time out until the survivor declares the killed silo dead; then the grain is activated
        // again on the survivor and reads its state from PostgreSQL.
        var (host, value) = await Eventually.SucceedsAsync<Tuple<SiloAddress, string?>>(
            async () =>
            {
                var silo = SiloAddress.FromParsableString(await grain.GetSiloAsync());
                return silo.Equals(killed) ? null : Tuple.Create(silo, await grain.GetValueAsync());
            },
            _failoverTimeout,
            $"grain {key} was not re-activated on a surviving silo after {killed} was killed");

        Assert.NotEqual(killed, host);
        Assert.Equal("written before the kill", value);

        // The membership table records the killed silo as Dead (a versioned UpdateMembershipKey write).
        await Eventually.SucceedsAsync(
            async () => await ReadSiloStatusAsync(cluster, killed) == (int)SiloStatus.Dead ? "dead" : null,
            _failoverTimeout,
            $"the membership row of {killed} never became Dead");

        // Housekeeping (CleanupDefunctSiloEntriesKey) removes the dead row only; the survivor's row stays.
        var table = cluster.Cluster.GetSiloServiceProvider(host).GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(await ReadSiloStatusAsync(cluster, killed));
        Assert.Equal((int)SiloStatus.Active, await ReadSiloStatusAsync(cluster, host));
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsInconsistentStateException()
    {
        var (storage, grainId, _) = await GetStorageAsync();
        var first = new GrainState<AdoNetTestState>(new AdoNetTestState { Value = "v1" });
        await storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, first);
        var staleCopy = new GrainState<AdoNetTestState>(new AdoNetTestState { Value = "stale" }, first.ETag);

        first.State!.Value = "v2";
        await storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, first);
        Assert.NotEqual(staleCopy.ETag, first.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, staleCopy));

        var read = new GrainState<AdoNetTestState>();
        await storage.ReadStateAsync(AdoNetStateTestGrain.StateName, grainId, read);
        Assert.Equal("v2", read.State?.Value);
        Assert.Equal(first.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_TwoFirstWritesWithoutETag_SecondThrowsInconsistentStateException()
    {
        var (storage, grainId, _) = await GetStorageAsync();
        var winner = new GrainState<AdoNetTestState>(new AdoNetTestState { Value = "winner" });
        var loser = new GrainState<AdoNetTestState>(new AdoNetTestState { Value = "loser" });

        await storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, winner);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, loser));

        var read = new GrainState<AdoNetTestState>();
        await storage.ReadStateAsync(AdoNetStateTestGrain.StateName, grainId, read);
        Assert.Equal("winner", read.State?.Value);
    }

    [Fact]
    public async Task WriteStateAsync_RowChangedUnderneath_ThrowsInconsistentStateException()
    {
        var cluster = await fixture.GetSharedClusterAsync();
        var (storage, grainId, key) = await GetStorageAsync();
        var state = new GrainState<AdoNetTestState>(new AdoNetTestState { Value = "mine" });
        await storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, state);

        // Another writer (here: SQL behind the provider's back) moves the version on.
        await using (var command = cluster.DataSource.CreateCommand(
            "UPDATE orleans_storage SET version = version + 1 WHERE graintypestring = $1 AND grainidextensionstring = $2"))
        {
            command.Parameters.AddWithValue(AdoNetStateTestGrain.StateName);
            command.Parameters.AddWithValue(key);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        state.State!.Value = "overwrite";
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, state));
    }

    [Fact]
    public async Task ClearStateAsync_StaleETagThenCurrentETag_ThrowsThenClearsKeepingVersion()
    {
        var (storage, grainId, _) = await GetStorageAsync();
        var state = new GrainState<AdoNetTestState>(new AdoNetTestState { Value = "v1" });
        await storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, state);
        var stale = new GrainState<AdoNetTestState>(new AdoNetTestState(), state.ETag) { RecordExists = true };
        await storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(AdoNetStateTestGrain.StateName, grainId, stale));

        await storage.ClearStateAsync(AdoNetStateTestGrain.StateName, grainId, state);
        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);

        var read = new GrainState<AdoNetTestState>();
        await storage.ReadStateAsync(AdoNetStateTestGrain.StateName, grainId, read);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);

        // A cleared grain writes again from the version the clear left.
        read.State = new AdoNetTestState { Value = "after clear" };
        await storage.WriteStateAsync(AdoNetStateTestGrain.StateName, grainId, read);
        Assert.True(read.RecordExists);
    }

    private async Task<(IGrainStorage Storage, GrainId GrainId, string Key)> GetStorageAsync()
    {
        var cluster = await fixture.GetSharedClusterAsync();
        var storage = cluster.Cluster.GetSiloServiceProvider()
            .GetRequiredKeyedService<IGrainStorage>(AdoNetCluster.StorageName);
        var key = "conflict-" + Guid.NewGuid().ToString("N");
        return (storage, GrainId.Create(AdoNetStateTestGrain.GrainTypeName, key), key);
    }

    private static async Task<int?> ReadSiloStatusAsync(AdoNetCluster cluster, SiloAddress silo)
    {
        await using var command = cluster.DataSource.CreateCommand(
            "SELECT status FROM orleans_membership WHERE deploymentid = $1 AND port = $2 AND generation = $3");
        command.Parameters.AddWithValue(cluster.ClusterId);
        command.Parameters.AddWithValue(silo.Endpoint.Port);
        command.Parameters.AddWithValue(silo.Generation);
        return (int?)await command.ExecuteScalarAsync();
    }

    private static async Task<long> CountStorageRowsAsync(AdoNetCluster cluster, string grainKey)
    {
        await using var command = cluster.DataSource.CreateCommand(
            "SELECT count(*) FROM orleans_storage WHERE graintypestring = $1 AND grainidextensionstring = $2");
        command.Parameters.AddWithValue(AdoNetStateTestGrain.StateName);
        command.Parameters.AddWithValue(grainKey);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
