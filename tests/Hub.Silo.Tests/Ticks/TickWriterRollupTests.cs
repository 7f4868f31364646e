using Microsoft.Extensions.Logging.Abstractions;
using Uptime.Hub.Certificates;
using Uptime.Hub.Observability;
using Uptime.Hub.Tests.Certificates;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Tests.Database.OrleansAdoNet;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Tests.Ticks;

/// <summary>The rollups count each stored tick once, however often its id arrives, and never a refused one.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class TickWriterRollupTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task SameTickIdTwiceInOneBatch_StoredAndCountedOnce()
    {
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var websiteId = Guid.NewGuid();
        var rows = TestTicks.Create(websiteId, 3);
        var again = rows[1] with { Good = false, Latency = 999, ReceivedAt = rows[1].ReceivedAt.AddMilliseconds(5) };

        // Queued before the writer starts, so all four rows go into one batch.
        foreach (var row in rows.Append(again))
        {
            Assert.True(writer.TryEnqueue(row));
        }

        await writer.StartAsync(CancellationToken.None);
        await Eventually.SucceedsAsync(
            () => Task.FromResult(counters.TicksStored >= 4 ? "written" : null), TimeSpan.FromSeconds(30), "the batch was not written", TimeSpan.FromMilliseconds(20));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(3, (await TestTicks.ReadAsync(database.DataSource, websiteId)).Count);
        await using var command = database.DataSource.CreateCommand("""
            SELECT (SELECT coalesce(sum(checks), 0) FROM website_rollups_minute WHERE website_id = $1),
                   (SELECT coalesce(sum(checks), 0) FROM website_rollups_hour WHERE website_id = $1)
            """);
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3L, 3L), (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1))));
    }

    [Fact]
    public async Task RefusedAndConfirmationTicks_StoredWithTheirFlags_RefusedLeftOutOfTheRollups()
    {
        var counters = new HubCounters();
        using var writer = new TickWriter(database.DataSource, counters, new CertificateRecorder(database.DataSource, CertificateWarningsOff.Of(database.DataSource), TimeProvider.System, NullLogger<CertificateRecorder>.Instance), NullLogger<TickWriter>.Instance);
        var websiteId = Guid.NewGuid();
        var rows = TestTicks.Create(websiteId, 3);
        rows[1] = rows[1] with { Refused = true, Error = "Refused: 127.0.0.1 is a loopback address" };
        rows[2] = rows[2] with { Confirmation = true };
        foreach (var row in rows)
        {
            Assert.True(writer.TryEnqueue(row));
        }

        await writer.StartAsync(CancellationToken.None);
        await Eventually.SucceedsAsync(
            () => Task.FromResult(counters.TicksStored >= 3 ? "written" : null), TimeSpan.FromSeconds(30), "the batch was not written", TimeSpan.FromMilliseconds(20));
        await writer.StopAsync(CancellationToken.None);

        var stored = await TestTicks.ReadAsync(database.DataSource, websiteId);
        Assert.All(rows, row => Assert.Equal(row, stored[row.Id]));
        await using var command = database.DataSource.CreateCommand("""
            SELECT coalesce(sum(checks), 0), coalesce(sum(failures), 0) FROM website_rollups_minute WHERE website_id = $1
            """);
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((2L, 0L), (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1))));
    }
}
