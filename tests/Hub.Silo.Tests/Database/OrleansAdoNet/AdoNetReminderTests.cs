using Microsoft.Extensions.DependencyInjection;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

[Collection(OrleansAdoNetCollection.Name)]
public sealed class AdoNetReminderTests(OrleansAdoNetFixture fixture)
{
    private const string UnusedGrainType = "uptime-test-adonet-no-such-grain";
    private static readonly TimeSpan _period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _failoverTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RegisterOrUpdateReminder_HostingSiloKilled_RemindersFireOnSurvivingSilo()
    {
        await using var cluster = await AdoNetCluster.StartAsync(fixture.Server);

        // Several grains, so that with high probability the killed silo owned some reminders (ring ranges) too.
        var keys = Enumerable.Range(0, 6).Select(i => $"reminder-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<IAdoNetReminderTestGrain>(key).StartReminderAsync(_period);
        }

        foreach (var key in keys)
        {
            await Eventually.SucceedsAsync(
                () => Task.FromResult(ReminderTicks.For(key).LastOrDefault()),
                _failoverTimeout,
                $"reminder of {key} never fired");
        }

        var killed = SiloAddress.FromParsableString(
            await cluster.Client.GetGrain<IAdoNetReminderTestGrain>(keys[0]).GetSiloAsync());
        await cluster.Cluster.KillSiloAsync(cluster.SiloAt(killed));
        var killedAt = DateTime.UtcNow;

        foreach (var key in keys)
        {
            var tick = await Eventually.SucceedsAsync(
                () => Task.FromResult(ReminderTicks.For(key).LastOrDefault(t => t.AtUtc > killedAt && !t.Silo.Equals(killed))),
                _failoverTimeout,
                $"reminder of {key} did not fire on a surviving silo after {killed} was killed");
            Assert.NotEqual(killed, tick.Silo);
        }
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsReminder()
    {
        var table = await GetReminderTableAsync();
        var grainId = GrainId.Create(UnusedGrainType, "etag-" + Guid.NewGuid().ToString("N"));
        var entry = FarFutureEntry(grainId, "r");

        var firstETag = await table.UpsertRow(entry);
        var secondETag = await table.UpsertRow(entry);
        Assert.NotNull(firstETag);
        Assert.NotEqual(firstETag, secondETag);

        Assert.False(await table.RemoveRow(grainId, "r", firstETag));
        var stillThere = await table.ReadRow(grainId, "r");
        Assert.NotNull(stillThere);
        Assert.Equal(secondETag, stillThere.ETag);
        Assert.Equal(entry.Period, stillThere.Period);
        Assert.Equal(entry.StartAt, stillThere.StartAt);

        Assert.True(await table.RemoveRow(grainId, "r", secondETag!));
        Assert.Null(await table.ReadRow(grainId, "r"));
        Assert.False(await table.RemoveRow(grainId, "r", secondETag!));
    }

    [Fact]
    public async Task ReadRowsAsync_HashRanges_ReturnExactlyTheRingRange()
    {
        var table = await GetReminderTableAsync();
        var grains = Enumerable.Range(0, 8)
            .Select(i => GrainId.Create(UnusedGrainType, $"range-{i}-{Guid.NewGuid():N}"))
            .ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(FarFutureEntry(grain, "r"));
        }

        var ours = grains.ToHashSet();
        var bounds = new HashSet<uint> { 0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF };
        foreach (var grain in grains)
        {
            var hash = grain.GetUniformHashCode();
            bounds.Add(hash);
            bounds.Add(unchecked(hash - 1));
        }

        foreach (var begin in bounds)
        {
            foreach (var end in bounds)
            {
                var data = await table.ReadRows(begin, end);
                var actual = data.Reminders.Select(r => r.GrainId).Where(ours.Contains).ToHashSet();
                var expected = grains.Where(g => InRingRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
                Assert.True(
                    expected.SetEquals(actual),
                    $"range ({begin:X8}, {end:X8}]: expected {expected.Count} reminders, got {actual.Count}");
            }
        }

        var byGrain = await table.ReadRows(grains[0]);
        Assert.Equal(grains[0], Assert.Single(byGrain.Reminders).GrainId);
    }

    /// <summary>The ring range (begin, end]; begin == end is the whole ring.</summary>
    private static bool InRingRange(uint hash, uint begin, uint end) =>
        begin == end || (begin < end ? hash > begin && hash <= end : hash > begin || hash <= end);

    private static ReminderEntry FarFutureEntry(GrainId grainId, string name) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        // Far in the future with a long period: the silos' reminder services load these rows but never fire them.
        StartAt = new DateTime(DateTime.UtcNow.AddDays(1).Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc),
        Period = TimeSpan.FromDays(1),
    };

    private async Task<IReminderTable> GetReminderTableAsync()
    {
        var cluster = await fixture.GetSharedClusterAsync();
        return cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
    }
}
