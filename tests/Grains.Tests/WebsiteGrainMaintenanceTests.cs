using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WebsiteGrainMaintenanceTests(ClusterFixture fixture)
{
    // Long enough that the dispatch timer never fires during a test, and ticks stay fresh for 150 s of fake time.
    private const int SlowInterval = 60;

    [Fact]
    public async Task WindowOpens_StatusMaintenanceWhileTicksStillCount_ThenTheTicksStatusWhenItCloses()
    {
        var website = NewWebsite();
        var grain = fixture.Client.GetGrain<IWebsiteGrain>(website.Id);
        var validator = Guid.NewGuid();
        await RecordAsync(grain, Tick(validator, good: true));
        Assert.True(fixture.Maintenance.IsWatched(website.Id), "the grain did not ask to be told about its maintenance");

        fixture.Maintenance.Open(website.Id);
        await grain.MaintenanceChangedAsync();
        await WaitForStatusAsync(grain, WebsiteHealth.Maintenance);

        fixture.Time.Advance(TimeSpan.FromSeconds(SlowInterval));
        var outcome = await grain.RecordTickAsync(Tick(validator, good: false));
        Assert.Equal((TickVerdict.Recorded, WebsiteHealth.Maintenance), (outcome.Verdict, outcome.Status));
        var during = await grain.GetSnapshotAsync();
        Assert.Equal((WebsiteHealth.Maintenance, 2L, 1L), (during!.Status, during.TicksReceived, during.GoodTicks));

        fixture.Maintenance.Close(website.Id);
        await grain.MaintenanceChangedAsync();
        await WaitForStatusAsync(grain, WebsiteHealth.Down);

        var changes = fixture.StatusChanges.Recorded.Where(c => c.WebsiteId == website.Id).Select(c => (c.From, c.To));
        Assert.Equal(
            [(WebsiteHealth.Unknown, WebsiteHealth.Up), (WebsiteHealth.Up, WebsiteHealth.Maintenance), (WebsiteHealth.Maintenance, WebsiteHealth.Down)],
            changes);
    }

    [Fact]
    public async Task TickDuringMaintenance_StatusStaysMaintenance()
    {
        var website = NewWebsite();
        var grain = fixture.Client.GetGrain<IWebsiteGrain>(website.Id);
        fixture.Maintenance.Open(website.Id);

        var outcome = await grain.RecordTickAsync(Tick(Guid.NewGuid(), good: false));

        Assert.Equal((TickVerdict.Recorded, WebsiteHealth.Maintenance), (outcome.Verdict, outcome.Status));
        Assert.Contains(fixture.StatusChanges.Recorded, c => c.WebsiteId == website.Id && c.To == WebsiteHealth.Maintenance);
        Assert.DoesNotContain(fixture.StatusChanges.Recorded, c => c.WebsiteId == website.Id && c.To == WebsiteHealth.Down);
    }

    [Fact]
    public async Task Activation_StoredMaintenanceWhoseWindowClosed_NotKeptWhileTheTicksAreStale()
    {
        var website = NewWebsite();
        await fixture.StatusChanges.RecordAsync(website.Id, fixture.UtcNow.AddMinutes(-1), WebsiteHealth.Up, WebsiteHealth.Maintenance, CancellationToken.None);
        var grain = fixture.Client.GetGrain<IWebsiteGrain>(website.Id);

        await grain.MaintenanceChangedAsync();

        await WaitForStatusAsync(grain, WebsiteHealth.Unknown);
    }

    private WebsiteDefinition NewWebsite()
    {
        var id = Guid.NewGuid();
        var website = new WebsiteDefinition(id, $"https://{id:N}.example.com/", SlowInterval, Enabled: true);
        fixture.Catalog.Set(website);
        return website;
    }

    private static Task WaitForStatusAsync(IWebsiteGrain grain, WebsiteHealth status) => Eventually.ReturnsAsync(
        grain.GetSnapshotAsync, snapshot => snapshot?.Status == status, $"the status {status}");

    private static async Task RecordAsync(IWebsiteGrain grain, TickReport tick)
    {
        var outcome = await grain.RecordTickAsync(tick);
        Assert.True(outcome.Verdict == TickVerdict.Recorded, $"tick of {tick.ValidatorId}: {outcome.Verdict} {outcome.Error}");
    }

    /// <summary>An answer to a check sent just now (with its verified due time, as a checkToken gives).</summary>
    private TickReport Tick(Guid validatorId, bool good) =>
        new(validatorId, good, 50, fixture.UtcNow.AddMilliseconds(-50), good ? null : "HTTP 503", fixture.UtcNow.AddMilliseconds(-55), DateTime.MinValue);
}
