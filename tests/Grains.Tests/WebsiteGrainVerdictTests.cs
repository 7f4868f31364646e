using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WebsiteGrainVerdictTests(ClusterFixture fixture) : IDisposable
{
    // Long enough that the dispatch timer never fires during a test, and ticks stay fresh for 150 s of fake time.
    private const int SlowInterval = 60;

    private readonly RosterValidator _eu = new(Guid.NewGuid(), "eu-west", Impaired: false);
    private readonly RosterValidator _us = new(Guid.NewGuid(), "us-east", Impaired: false);
    private readonly RosterValidator _ap = new(Guid.NewGuid(), "ap-south", Impaired: false);

    [Fact]
    public async Task FirstBadVoteOfAnUpWebsite_ConfirmationToTheOtherRegions_OncePerInterval()
    {
        var (website, grain) = NewWebsite();
        await RecordAsync(grain, Tick(_eu, good: true));
        await RecordAsync(grain, Tick(_us, good: true));
        await RecordAsync(grain, Tick(_ap, good: true));
        var before = fixture.Dispatcher.For(website.Id).Count;

        await RecordAsync(grain, Tick(_eu, good: false, round: 1));
        await RecordAsync(grain, Tick(_eu, good: false, round: 2));

        var confirmation = Assert.Single(fixture.Dispatcher.For(website.Id).Skip(before), c => c.Check.Confirmation).Check;
        Assert.Equal(new[] { _us.Id, _ap.Id }.Order(), confirmation.Targets!.Order());
        Assert.Equal(fixture.UtcNow, confirmation.DueAt);

        var answer = await grain.RecordTickAsync(Tick(_us, good: false) with { DueAt = confirmation.DueAt });
        Assert.Equal((TickVerdict.Recorded, true), (answer.Verdict, answer.Confirmation));
        var snapshot = (await grain.GetSnapshotAsync())!;
        Assert.True(snapshot.ByValidator.Single(t => t.ValidatorId == _us.Id).Confirmation);
    }

    [Fact]
    public async Task ConfirmationDueBeforeTheSlotCheck_AnsweredAfterIt_LateAndStillAConfirmation()
    {
        var (website, grain) = NewWebsite();
        await RecordAsync(grain, Tick(_eu, good: true));
        await RecordAsync(grain, Tick(_us, good: true));
        await RecordAsync(grain, Tick(_ap, good: true));
        var before = fixture.Dispatcher.For(website.Id).Count;

        // The slot check went out from a timer that fired early: it is due after the hub's clock when its first answer comes.
        var slotDueAt = fixture.UtcNow.AddMilliseconds(50);
        await RecordAsync(grain, Tick(_eu, good: false) with { DueAt = slotDueAt });
        var confirmation = Assert.Single(fixture.Dispatcher.For(website.Id).Skip(before), c => c.Check.Confirmation).Check;
        await RecordAsync(grain, Tick(_us, good: false) with { DueAt = slotDueAt });

        var answer = await grain.RecordTickAsync(Tick(_us, good: false) with { DueAt = confirmation.DueAt });

        Assert.Equal((TickVerdict.Late, true), (answer.Verdict, answer.Confirmation));
    }

    [Fact]
    public async Task ConfirmationBudgetSpent_NoConfirmation()
    {
        var (website, grain) = NewWebsite();
        await RecordAsync(grain, Tick(_eu, good: true));
        fixture.Confirmations.Allow(0);
        try
        {
            await RecordAsync(grain, Tick(_eu, good: false, round: 1));
        }
        finally
        {
            fixture.Confirmations.Allow(int.MaxValue);
        }

        Assert.DoesNotContain(fixture.Dispatcher.For(website.Id), c => c.Check.Confirmation);
    }

    [Fact]
    public async Task OneRegionFails_DegradedWithTheReason_NoIncident()
    {
        var (website, grain) = NewWebsite();

        await RecordAsync(grain, Tick(_eu, good: false));
        await RecordAsync(grain, Tick(_us, good: true));
        await RecordAsync(grain, Tick(_ap, good: true));

        var snapshot = (await grain.GetSnapshotAsync())!;
        Assert.Equal(WebsiteHealth.Degraded, snapshot.Status);
        Assert.Equal("1 of 3 regions not Up (2 Down needed for Down): eu-west 1 of 1 Bad: HTTP 503", snapshot.StatusReason);
        Assert.Equal(
            ["ap-south Up", "eu-west Down", "us-east Up"],
            snapshot.Regions.Select(r => $"{r.Region} {r.Status}"));
        Assert.Empty(fixture.Incidents.For(website.Id));
    }

    [Fact]
    public async Task QuorumSaysDown_OneIncidentWithTheVotes_ResolvedAfterTheRecoveryTime()
    {
        var (website, grain) = NewWebsite(new VerdictPolicy(RecoverySeconds: 30));

        await RecordAsync(grain, Tick(_eu, good: false));
        await RecordAsync(grain, Tick(_us, good: false));
        await RecordAsync(grain, Tick(_ap, good: true));

        var incident = Assert.Single(fixture.Incidents.For(website.Id));
        Assert.Equal(WebsiteHealth.Down, incident.Verdict);
        Assert.Equal(["ap-south", "eu-west", "us-east"], incident.Votes.Select(v => v.Region).Order());
        Assert.Equal(["eu-west", "us-east"], incident.Votes.Where(v => !v.Good).Select(v => v.Region).Order());
        Assert.Equal(incident.Id, (await grain.GetSnapshotAsync())!.IncidentId);

        await RecordAsync(grain, Tick(_eu, good: true, round: 2));
        await RecordAsync(grain, Tick(_us, good: true, round: 2));
        await RecordAsync(grain, Tick(_ap, good: true, round: 2));
        Assert.Null(incident.ResolvedAt);

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        await RecordAsync(grain, Tick(_eu, good: true, round: 3));

        Assert.Equal(fixture.UtcNow, incident.ResolvedAt);
        Assert.Null((await grain.GetSnapshotAsync())!.IncidentId);
    }

    [Fact]
    public async Task DownAgainWithinTheRecoveryTime_TheSameIncident()
    {
        fixture.Roster.Set(_eu, _us);
        var (website, grain) = NewWebsite(new VerdictPolicy(RecoverySeconds: 30), roster: false);
        await RecordAsync(grain, Tick(_eu, good: false));
        await RecordAsync(grain, Tick(_us, good: false));

        await RecordAsync(grain, Tick(_eu, good: true, round: 1));
        await RecordAsync(grain, Tick(_us, good: true, round: 1));
        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        await RecordAsync(grain, Tick(_eu, good: false, round: 2));
        await RecordAsync(grain, Tick(_us, good: false, round: 2));

        var incident = Assert.Single(fixture.Incidents.For(website.Id));
        Assert.Null(incident.ResolvedAt);
    }

    [Fact]
    public async Task FailingRounds_DegradedUntilTheQuorumSaidDownThatManyRounds()
    {
        fixture.Roster.Set(_eu, _us);
        var (website, grain) = NewWebsite(new VerdictPolicy(FailingRounds: 2), roster: false);

        await RecordAsync(grain, Tick(_eu, good: false));
        await RecordAsync(grain, Tick(_us, good: false));
        var first = (await grain.GetSnapshotAsync())!;
        Assert.Equal(WebsiteHealth.Degraded, first.Status);
        Assert.EndsWith("Down after 2 failing rounds, 1 so far", first.StatusReason);
        Assert.Empty(fixture.Incidents.For(website.Id));

        await RecordAsync(grain, Tick(_eu, good: false, round: 1));
        await RecordAsync(grain, Tick(_us, good: false, round: 1));

        Assert.Equal(WebsiteHealth.Down, (await grain.GetSnapshotAsync())!.Status);
        Assert.Single(fixture.Incidents.For(website.Id));
    }

    [Fact]
    public async Task RoundInProgress_OneTransitionWhenItsAnswersAreIn()
    {
        var (website, grain) = NewWebsite();
        await RecordAsync(grain, Tick(_eu, good: true));
        await RecordAsync(grain, Tick(_us, good: true));
        await RecordAsync(grain, Tick(_ap, good: true));

        await RecordAsync(grain, Tick(_eu, good: false, round: 1));
        await RecordAsync(grain, Tick(_us, good: false, round: 1));
        Assert.Equal(WebsiteHealth.Up, (await grain.GetSnapshotAsync())!.Status);
        await RecordAsync(grain, Tick(_ap, good: false, round: 1));

        Assert.Equal(WebsiteHealth.Down, (await grain.GetSnapshotAsync())!.Status);
        Assert.Equal(
            [(WebsiteHealth.Unknown, WebsiteHealth.Up), (WebsiteHealth.Up, WebsiteHealth.Down)],
            fixture.StatusChanges.Recorded.Where(c => c.WebsiteId == website.Id).Select(c => (c.From, c.To)));
    }

    [Fact]
    public async Task FirstRound_OneTransitionOnceEveryExpectedRegionAnswered()
    {
        var (website, grain) = NewWebsite();

        await RecordAsync(grain, Tick(_eu, good: false));
        await RecordAsync(grain, Tick(_us, good: false));
        Assert.Equal(WebsiteHealth.Unknown, (await grain.GetSnapshotAsync())!.Status);
        await RecordAsync(grain, Tick(_ap, good: false));

        Assert.Equal(
            [(WebsiteHealth.Unknown, WebsiteHealth.Down)],
            fixture.StatusChanges.Recorded.Where(c => c.WebsiteId == website.Id).Select(c => (c.From, c.To)));
    }

    [Fact]
    public async Task RoundInProgress_ChangeTakenAfterTheSettleTimeWithoutTheMissingAnswers()
    {
        fixture.Roster.Set(_eu, _us);
        var (_, grain) = NewWebsite(roster: false);
        await RecordAsync(grain, Tick(_eu, good: true));
        await RecordAsync(grain, Tick(_us, good: true));

        await RecordAsync(grain, Tick(_eu, good: false, round: 1));
        Assert.Equal(WebsiteHealth.Up, (await grain.GetSnapshotAsync())!.Status);

        await Eventually.ReturnsAsync(
            async () => (await grain.GetSnapshotAsync())!.Status,
            status => status == WebsiteHealth.Degraded,
            "Degraded once the round settled");
    }

    [Fact]
    public async Task OperatorResolvedWhileStillDown_NoNewIncidentUntilTheNextOutage()
    {
        fixture.Roster.Set(_eu);
        var (website, grain) = NewWebsite(new VerdictPolicy(RecoverySeconds: 0), roster: false);
        await RecordAsync(grain, Tick(_eu, good: false));
        fixture.Incidents.ResolveByOperator(website.Id);
        await grain.IncidentChangedAsync();

        await RecordAsync(grain, Tick(_eu, good: false, round: 1));
        Assert.Single(fixture.Incidents.For(website.Id));

        await RecordAsync(grain, Tick(_eu, good: true, round: 2));
        await RecordAsync(grain, Tick(_eu, good: false, round: 3));
        Assert.Equal(2, fixture.Incidents.For(website.Id).Count);
    }

    [Fact]
    public async Task ImpairedAndRefusedVotes_DoNotOpenAnIncident()
    {
        var impaired = _us with { Impaired = true };
        fixture.Roster.Set(_eu, impaired, _ap);
        var (website, grain) = NewWebsite(roster: false);

        await RecordAsync(grain, Tick(_eu, good: true));
        await RecordAsync(grain, Tick(impaired, good: false));
        await RecordAsync(grain, Tick(_ap, good: false) with { Refused = true });

        var snapshot = (await grain.GetSnapshotAsync())!;
        Assert.Equal(WebsiteHealth.Up, snapshot.Status);
        Assert.Empty(fixture.Incidents.For(website.Id));
        Assert.DoesNotContain(fixture.Dispatcher.For(website.Id), c => c.Check.Confirmation);
    }

    [Fact]
    public async Task InMaintenance_NoIncident()
    {
        var (website, grain) = NewWebsite();
        fixture.Maintenance.Open(website.Id);
        try
        {
            await RecordAsync(grain, Tick(_eu, good: false));
            await RecordAsync(grain, Tick(_us, good: false));

            Assert.Equal(WebsiteHealth.Maintenance, (await grain.GetSnapshotAsync())!.Status);
            Assert.Empty(fixture.Incidents.For(website.Id));
        }
        finally
        {
            fixture.Maintenance.Close(website.Id);
        }
    }

    /// <summary>The other tests of the collection have no roster: their validators' regions are only those of their ticks.</summary>
    public void Dispose() => fixture.Roster.Set();

    private (WebsiteDefinition Website, IWebsiteGrain Grain) NewWebsite(VerdictPolicy? policy = null, bool roster = true)
    {
        if (roster)
        {
            fixture.Roster.Set(_eu, _us, _ap);
        }

        var id = Guid.NewGuid();
        var website = new WebsiteDefinition(id, $"https://{id:N}.example.com/", SlowInterval, true, policy);
        fixture.Catalog.Set(website);
        return (website, fixture.Client.GetGrain<IWebsiteGrain>(id));
    }

    private static async Task RecordAsync(IWebsiteGrain grain, TickReport tick)
    {
        var outcome = await grain.RecordTickAsync(tick);
        Assert.True(outcome.Verdict == TickVerdict.Recorded, $"tick of {tick.ValidatorId}: {outcome.Verdict} {outcome.Error}");
    }

    /// <summary>An answer to a check (with its verified due time, as a checkToken gives) due <paramref name="round"/> ms after a base time.</summary>
    private TickReport Tick(RosterValidator validator, bool good, int round = 0) =>
        new(validator.Id, good, 50, fixture.UtcNow, good ? null : "HTTP 503", fixture.UtcNow.AddSeconds(-5).AddMilliseconds(round), DateTime.MinValue, validator.Region);
}
