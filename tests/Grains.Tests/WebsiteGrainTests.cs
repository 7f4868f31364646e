using System.Diagnostics;
using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WebsiteGrainTests(ClusterFixture fixture)
{
    // Long enough that the dispatch timer never fires during a tick test, and ticks stay fresh for 150 s of fake time.
    private const int SlowInterval = 60;

    // The API only allows longer intervals, but the grain accepts any positive one; 1 s keeps these tests fast.
    private const int FastInterval = 1;

    private static readonly TimeSpan _quietPeriod = TimeSpan.FromSeconds(FastInterval * 1.5);

    private static readonly TimeSpan _answerAllowance = new WebsiteGrainOptions().AnswerAllowance;

    [Fact]
    public async Task RefreshAsync_EnabledWebsite_DispatchesImmediatelyThenOncePerInterval()
    {
        var (website, grain) = await ActivateDisabledAsync(FastInterval);
        fixture.Catalog.Set(website with { Enabled = true });
        var refreshedAt = Stopwatch.GetTimestamp();

        Assert.True(await grain.RefreshAsync());
        var checks = await fixture.Dispatcher.WaitForCountAsync(website.Id, 4);

        var offsets = checks.Take(4).Select(check => Stopwatch.GetElapsedTime(refreshedAt, check.Timestamp)).ToList();
        var description = string.Join(", ", offsets.Select(offset => $"{offset.TotalSeconds:0.00} s"));
        Assert.True(offsets[0] < TimeSpan.FromSeconds(0.8), $"first check not immediate: {description}");
        Assert.True(offsets[3] > TimeSpan.FromSeconds(2.4) && offsets[3] < TimeSpan.FromSeconds(5), $"not once per second: {description}");
        // After the immediate check the grain waits for the website's own slot, at least half an interval away.
        Assert.True(offsets[1] - offsets[0] >= TimeSpan.FromSeconds(0.45), $"slot too close to the immediate check: {description}");
        for (var i = 2; i < offsets.Count; i++)
        {
            Assert.True(offsets[i] - offsets[i - 1] >= TimeSpan.FromSeconds(0.8), $"two checks less than 0.8 s apart: {description}");
        }

        Assert.All(checks, check => Assert.Equal((website.Id, website.Url, FastInterval), (check.Check.WebsiteId, check.Check.Url, check.Check.IntervalSeconds)));

        fixture.Catalog.Remove(website.Id);
        Assert.False(await grain.RefreshAsync());
    }

    [Fact]
    public async Task RefreshAsync_NewEnabledWebsiteActivatedByTheRefresh_DispatchesAtOnce()
    {
        var (website, grain) = NewWebsite(SlowInterval);
        var refreshedAt = Stopwatch.GetTimestamp();

        Assert.True(await grain.RefreshAsync());
        var checks = await fixture.Dispatcher.WaitForCountAsync(website.Id, 1);

        Assert.Equal(website.Url, checks[0].Check.Url);
        Assert.True(Stopwatch.GetElapsedTime(refreshedAt, checks[0].Timestamp) < TimeSpan.FromSeconds(2), "the first check waited for a slot");
    }

    [Fact]
    public async Task RefreshAsync_DisabledWebsite_DispatchesNothing()
    {
        var (website, grain) = await ActivateDisabledAsync(FastInterval);

        Assert.True(await grain.RefreshAsync());
        await Task.Delay(_quietPeriod);

        Assert.Empty(fixture.Dispatcher.For(website.Id));
    }

    [Fact]
    public async Task RefreshAsync_WebsiteRemoved_ReturnsFalseAndStopsDispatch()
    {
        var (website, grain) = await ActivateDisabledAsync(FastInterval);
        fixture.Catalog.Set(website with { Enabled = true });
        Assert.True(await grain.RefreshAsync());
        await fixture.Dispatcher.WaitForCountAsync(website.Id, 1);
        fixture.Catalog.Remove(website.Id);

        Assert.False(await grain.RefreshAsync());
        var dispatched = fixture.Dispatcher.For(website.Id).Count;
        await Task.Delay(_quietPeriod);

        Assert.Equal(dispatched, fixture.Dispatcher.For(website.Id).Count);
    }

    [Fact]
    public async Task DispatchTimer_WhileTheSiloIsNotActive_SendsNothing_ThenResumes()
    {
        var (website, grain) = await ActivateDisabledAsync(FastInterval);
        fixture.Catalog.Set(website with { Enabled = true });
        Assert.True(await grain.RefreshAsync());
        await fixture.Dispatcher.WaitForCountAsync(website.Id, 2);

        int held;
        fixture.Dispatcher.SiloIsActive = false;
        try
        {
            // A timer round already under way may still enqueue; from then on nothing.
            await Task.Delay(_quietPeriod);
            held = fixture.Dispatcher.For(website.Id).Count;
            await Task.Delay(_quietPeriod * 2);
            Assert.Equal(held, fixture.Dispatcher.For(website.Id).Count);
        }
        finally
        {
            fixture.Dispatcher.SiloIsActive = true;
        }

        await fixture.Dispatcher.WaitForCountAsync(website.Id, held + 1);
    }

    [Fact]
    public async Task RecordTickAsync_AfterWebsiteRemoved_ReturnsFalse()
    {
        var (website, grain) = NewWebsite(FastInterval);
        Assert.True(await grain.RefreshAsync());
        fixture.Catalog.Remove(website.Id);
        Assert.False(await grain.RefreshAsync());

        Assert.Equal(TickVerdict.UnknownWebsite, (await grain.RecordTickAsync(Tick(Guid.NewGuid(), good: true))).Verdict);
        Assert.Null(await grain.GetSnapshotAsync());
    }

    [Fact]
    public async Task RefreshAsync_WebsiteRemoved_ClearsPersistedAggregate()
    {
        var (website, grain) = NewWebsite(SlowInterval);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: true));
        fixture.Catalog.Remove(website.Id);

        Assert.False(await grain.RefreshAsync());
        fixture.Catalog.Set(website);

        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal(WebsiteHealth.Unknown, snapshot.Status);
        Assert.Equal(0, snapshot.TicksReceived);
        Assert.Empty(snapshot.ByValidator);
    }

    [Fact]
    public async Task RecordTickAsync_UnknownWebsite_ReturnsFalse()
    {
        var grain = fixture.Client.GetGrain<IWebsiteGrain>(Guid.NewGuid());

        Assert.Equal(TickVerdict.UnknownWebsite, (await grain.RecordTickAsync(Tick(Guid.NewGuid(), good: true))).Verdict);
    }

    [Fact]
    public async Task GetSnapshotAsync_UnknownWebsite_ReturnsNull()
    {
        var grain = fixture.Client.GetGrain<IWebsiteGrain>(Guid.NewGuid());

        Assert.Null(await grain.GetSnapshotAsync());
    }

    [Fact]
    public async Task RefreshAsync_UnknownWebsite_ReturnsFalse()
    {
        // What DELETE /websites/{id} does when the website's grain is not active: the row is gone, then it refreshes.
        var grain = fixture.Client.GetGrain<IWebsiteGrain>(Guid.NewGuid());

        Assert.False(await grain.RefreshAsync());
    }

    [Fact]
    public async Task RecordTickAsync_GoodTick_StatusUp()
    {
        var (website, grain) = NewWebsite(SlowInterval);
        var tick = Tick(Guid.NewGuid(), good: true, latencyMs: 123);

        Assert.Equal(new TickOutcome(TickVerdict.Recorded, WebsiteHealth.Up, tick.DueAt!.Value), await grain.RecordTickAsync(tick));
        Assert.Contains(
            fixture.StatusChanges.Recorded,
            c => c.WebsiteId == website.Id && c.From == WebsiteHealth.Unknown && c.To == WebsiteHealth.Up);

        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal(WebsiteHealth.Up, snapshot.Status);
        Assert.Equal(fixture.UtcNow, snapshot.StatusChangedAt);
        Assert.Equal(1, snapshot.TicksReceived);
        Assert.Equal(1, snapshot.GoodTicks);
        Assert.Equal(123, snapshot.LastLatencyMs);
        Assert.Equal(tick.Timestamp, snapshot.LastCheckedAt);
        var last = Assert.Single(snapshot.ByValidator);
        Assert.Equal(new ValidatorLastTick(tick.ValidatorId, true, 123, tick.Timestamp, null, fixture.UtcNow, tick.DueAt.Value, Region: ""), last);
        Assert.Equal((website.Url, website.IntervalSeconds, website.Enabled), (snapshot.Url, snapshot.IntervalSeconds, snapshot.Enabled));
    }

    [Fact]
    public async Task RecordTickAsync_BadTicksFromAllValidators_StatusDown()
    {
        var (_, grain) = NewWebsite(SlowInterval);

        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));

        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal(WebsiteHealth.Down, snapshot.Status);
        Assert.Equal(2, snapshot.TicksReceived);
        Assert.Equal(0, snapshot.GoodTicks);
        Assert.Equal(2, snapshot.ByValidator.Count);
        Assert.All(snapshot.ByValidator, last => Assert.Equal("HTTP 500", last.Error));
    }

    [Fact]
    public async Task RecordTickAsync_GoodAndBadValidators_StatusDegraded()
    {
        var (_, grain) = NewWebsite(SlowInterval);

        await RecordAsync(grain, Tick(Guid.NewGuid(), good: true));
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));

        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal(WebsiteHealth.Degraded, snapshot.Status);
        Assert.Equal(2, snapshot.TicksReceived);
        Assert.Equal(1, snapshot.GoodTicks);
    }

    [Fact]
    public async Task RecordTickAsync_OtherValidatorStale_IgnoresItsTick()
    {
        var (_, grain) = NewWebsite(SlowInterval);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: true));
        fixture.Time.Advance(TimeSpan.FromSeconds(SlowInterval * 2.5 + 1));

        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));

        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal(WebsiteHealth.Down, snapshot.Status);
        Assert.Equal(2, snapshot.ByValidator.Count);
    }

    [Fact]
    public async Task DispatchTimer_TickPastFreshnessWhileTheNextCheckMayStillBeAnswered_StatusStands()
    {
        var (website, grain) = NewWebsite(FastInterval);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: true));

        fixture.Time.Advance(TimeSpan.FromSeconds(FastInterval * 2.5 + 1));
        var dispatched = fixture.Dispatcher.For(website.Id).Count;
        await fixture.Dispatcher.WaitForCountAsync(website.Id, dispatched + 2);

        Assert.Equal(WebsiteHealth.Up, (await GetSnapshotAsync(grain)).Status);
        Assert.DoesNotContain(fixture.StatusChanges.Recorded, c => c.WebsiteId == website.Id && c.To == WebsiteHealth.Unknown);
    }

    [Fact]
    public async Task DispatchTimer_TicksGoStale_StatusUnknown()
    {
        var (_, grain) = NewWebsite(FastInterval);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: true));
        Assert.Equal(WebsiteHealth.Up, (await GetSnapshotAsync(grain)).Status);

        fixture.Time.Advance(TimeSpan.FromSeconds(FastInterval * 2.5 + 1) + _answerAllowance);

        var snapshot = await Eventually.ReturnsAsync(
            () => GetSnapshotAsync(grain),
            current => current.Status == WebsiteHealth.Unknown,
            "the dispatch timer to notice that the only tick is stale");
        Assert.Equal(fixture.UtcNow, snapshot.StatusChangedAt);
        Assert.Equal(1, snapshot.TicksReceived);
    }

    [Fact]
    public async Task Reactivation_StoredTicksStale_KeepsTheStoredStatusForOneFreshnessWindow()
    {
        var (website, grain) = NewWebsite(FastInterval);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));
        await fixture.Cluster.DeactivateAsync(grain);
        fixture.Time.Advance(TimeSpan.FromSeconds(FastInterval * 10));

        Assert.Equal(WebsiteHealth.Down, (await GetSnapshotAsync(grain)).Status);
        await Task.Delay(TimeSpan.FromSeconds(FastInterval * 3));
        Assert.Equal(WebsiteHealth.Down, (await GetSnapshotAsync(grain)).Status);

        fixture.Time.Advance(TimeSpan.FromSeconds(FastInterval * 2.5 + 1) + _answerAllowance);
        await Eventually.ReturnsAsync(
            () => GetSnapshotAsync(grain),
            current => current.Status == WebsiteHealth.Unknown,
            "the status to go Unknown once a freshness window passed without a tick");
        Assert.DoesNotContain(fixture.StatusChanges.Recorded, c => c.WebsiteId == website.Id && c.At < fixture.UtcNow && c.To == WebsiteHealth.Unknown);
    }

    [Fact]
    public async Task RecordTickAsync_AnswerToAnOlderCheckArrivesLater_StoredButLeavesTheLiveStateAlone()
    {
        var (_, grain) = NewWebsite(SlowInterval);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var newest = Tick(first, good: true, latencyMs: 100);
        await RecordAsync(grain, newest);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var latest = Tick(second, good: true, latencyMs: 200);
        await RecordAsync(grain, latest);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var older = Tick(first, good: false, latencyMs: 900) with { DueAt = newest.DueAt!.Value.AddSeconds(-SlowInterval) };
        Assert.Equal(TickVerdict.Late, (await grain.RecordTickAsync(older)).Verdict);

        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal(WebsiteHealth.Up, snapshot.Status);
        Assert.Equal(2, snapshot.TicksReceived);
        Assert.Equal(2, snapshot.GoodTicks);
        Assert.Equal(200, snapshot.LastLatencyMs);
        Assert.Equal(latest.Timestamp, snapshot.LastCheckedAt);
        var byValidator = snapshot.ByValidator.ToDictionary(last => last.ValidatorId);
        Assert.Equal(2, byValidator.Count);
        Assert.True(byValidator[first].Good);
        Assert.Equal(100, byValidator[first].LatencyMs);
        Assert.Equal(newest.Timestamp, byValidator[first].Timestamp);
        Assert.Equal(200, byValidator[second].LatencyMs);
    }

    [Fact]
    public async Task RecordTickAsync_ValidatorClockAhead_LaterChecksStillReplaceItsEntry()
    {
        // A tick dated ahead (within the allowed skew) once froze the validator's entry until the clock caught up.
        var (_, grain) = NewWebsite(SlowInterval);
        var validator = Guid.NewGuid();
        await RecordAsync(grain, Tick(validator, good: true) with { Timestamp = fixture.UtcNow.AddSeconds(25) });
        fixture.Time.Advance(TimeSpan.FromSeconds(SlowInterval));

        await RecordAsync(grain, Tick(validator, good: false));

        Assert.Equal(WebsiteHealth.Down, (await GetSnapshotAsync(grain)).Status);
    }

    [Fact]
    public async Task RecordTickAsync_TimestampBeyondTheSkewAllowance_RefusedAndChangesNothing()
    {
        var (_, grain) = NewWebsite(SlowInterval);
        var validator = Guid.NewGuid();

        var outcome = await grain.RecordTickAsync(Tick(validator, good: false) with { Timestamp = fixture.UtcNow.AddDays(1) });

        Assert.Equal(TickVerdict.BadTimestamp, outcome.Verdict);
        Assert.Contains("payload.timestamp", outcome.Error);
        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal((WebsiteHealth.Unknown, 0L), (snapshot.Status, snapshot.TicksReceived));
        Assert.Empty(snapshot.ByValidator);
    }

    [Fact]
    public async Task RecordTickAsync_PausedWebsite_Refused()
    {
        var (website, grain) = NewWebsite(SlowInterval);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: true));
        fixture.Catalog.Set(website with { Enabled = false });
        Assert.True(await grain.RefreshAsync());

        var outcome = await grain.RecordTickAsync(Tick(Guid.NewGuid(), good: false));

        Assert.Equal(TickVerdict.Unexpected, outcome.Verdict);
        Assert.Contains("paused", outcome.Error);
        Assert.Equal(1, (await GetSnapshotAsync(grain)).TicksReceived);
    }

    [Fact]
    public async Task RecordTickAsync_WithoutTokenBeforeAnyCheckWasSentToTheConnection_Refused()
    {
        var (_, grain) = NewWebsite(SlowInterval);

        var outcome = await grain.RecordTickAsync(Tick(Guid.NewGuid(), good: false) with { DueAt = null, ConnectedSince = fixture.UtcNow });

        Assert.Equal(TickVerdict.Unexpected, outcome.Verdict);
        Assert.Equal(0, (await GetSnapshotAsync(grain)).TicksReceived);
    }

    [Fact]
    public async Task RecordTickAsync_WithoutTokenTheSameCheckTwice_SecondRefused()
    {
        var (website, grain) = NewWebsite(SlowInterval);
        var tick = Tick(Guid.NewGuid(), good: true) with { DueAt = null, ConnectedSince = fixture.UtcNow.AddHours(-1) };

        var first = await grain.RecordTickAsync(tick);
        var again = await grain.RecordTickAsync(tick with { Good = false });

        Assert.Equal(TickVerdict.Recorded, first.Verdict);
        Assert.Equal(DispatchSchedule.LatestSlotAtOrBefore(website.Id, SlowInterval, tick.Timestamp), first.DueAt);
        Assert.Equal(TickVerdict.Unexpected, again.Verdict);
        Assert.Contains("already answered", again.Error);
        var snapshot = await GetSnapshotAsync(grain);
        Assert.Equal((WebsiteHealth.Up, 1L), (snapshot.Status, snapshot.TicksReceived));
    }

    [Fact]
    public async Task StatusChange_SavingFails_SavedOnTheNextDispatch()
    {
        var (website, grain) = NewWebsite(FastInterval);
        fixture.StatusChanges.FailNextFor(website.Id);

        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));

        await Eventually.ReturnsAsync(
            () => Task.FromResult(fixture.StatusChanges.Recorded.Where(c => c.WebsiteId == website.Id).ToList()),
            changes => changes.Count == 1 && changes[0].From == WebsiteHealth.Unknown && changes[0].To == WebsiteHealth.Down,
            "the failed status change to be saved by the next dispatch");
    }

    [Fact]
    public async Task GetSnapshotAsync_AfterReactivation_KeepsLastStatusAndCounts()
    {
        var (_, grain) = NewWebsite(SlowInterval);
        var validator = Guid.NewGuid();
        await RecordAsync(grain, Tick(validator, good: false));
        var changedAt = fixture.UtcNow;
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await RecordAsync(grain, Tick(validator, good: false));
        var before = await GetSnapshotAsync(grain);

        await fixture.Cluster.DeactivateAsync(grain);

        var after = await GetSnapshotAsync(grain);
        Assert.Equal(WebsiteHealth.Down, after.Status);
        Assert.Equal(changedAt, after.StatusChangedAt);
        Assert.Equal(2, after.TicksReceived);
        Assert.Equal(0, after.GoodTicks);
        Assert.Equal(before.ByValidator, after.ByValidator);
    }

    [Fact]
    public async Task StatusChange_LostWithItsActivation_RecordedByTheNextFromTheStoredStatus()
    {
        var (website, grain) = NewWebsite(FastInterval);
        fixture.StatusChanges.FailNextFor(website.Id);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));

        await fixture.Cluster.DeactivateAsync(grain);
        await GetSnapshotAsync(grain);

        await Eventually.ReturnsAsync(
            () => Task.FromResult(fixture.StatusChanges.Recorded.Where(c => c.WebsiteId == website.Id).ToList()),
            changes => changes.Count == 1 && changes[0].From == WebsiteHealth.Unknown && changes[0].To == WebsiteHealth.Down,
            "the new activation to start from the stored Unknown and record the change to Down");
    }

    [Fact]
    public async Task Activation_StartsFromTheStoredStatus()
    {
        var (website, grain) = NewWebsite(SlowInterval);
        var changedAt = fixture.UtcNow.AddMinutes(-3);
        await fixture.StatusChanges.RecordAsync(website.Id, changedAt, WebsiteHealth.Unknown, WebsiteHealth.Degraded, CancellationToken.None);

        var snapshot = await GetSnapshotAsync(grain);

        Assert.Equal((WebsiteHealth.Degraded, changedAt), (snapshot.Status, snapshot.StatusChangedAt));
    }

    [Fact]
    public async Task Activation_LatestSlotMissedByThePreviousActivation_ChecksAtOnce()
    {
        var (website, grain) = await StoredThenDeactivatedAsync();
        var latestSlot = DispatchSchedule.LatestSlotAtOrBefore(website.Id, SlowInterval, fixture.UtcNow);
        var dispatched = fixture.Dispatcher.For(website.Id).Count;

        var checks = await ActivateAsync(website, grain, latestCheckSeen: latestSlot.AddSeconds(-SlowInterval));

        var check = Assert.Single(checks.Skip(dispatched));
        Assert.Equal(fixture.UtcNow, check.Check.DueAt);
    }

    [Fact]
    public async Task Activation_NoCheckOfTheWebsiteSeenLately_ChecksAtOnce()
    {
        var (website, grain) = await StoredThenDeactivatedAsync();
        var dispatched = fixture.Dispatcher.For(website.Id).Count;

        var checks = await ActivateAsync(website, grain, latestCheckSeen: DateTime.MinValue);

        Assert.Equal(dispatched + 1, checks.Count);
    }

    [Fact]
    public async Task Activation_LatestSlotSent_WaitsForTheNext()
    {
        var (website, grain) = await StoredThenDeactivatedAsync(secondsSinceLatestSlot: 40);
        var latestSlot = DispatchSchedule.LatestSlotAtOrBefore(website.Id, SlowInterval, fixture.UtcNow);
        var dispatched = fixture.Dispatcher.For(website.Id).Count;

        var checks = await ActivateAsync(website, grain, latestCheckSeen: latestSlot);

        Assert.Equal(dispatched, checks.Count);
    }

    [Fact]
    public async Task Activation_ACheckSentLessThanHalfAnIntervalAgo_WaitsForTheNextSlot()
    {
        var (website, grain) = await StoredThenDeactivatedAsync();
        var dispatched = fixture.Dispatcher.For(website.Id).Count;

        var checks = await ActivateAsync(website, grain, latestCheckSeen: fixture.UtcNow.AddSeconds(-SlowInterval / 2 + 1));

        Assert.Equal(dispatched, checks.Count);
    }

    [Fact]
    public async Task Activation_ACheckSentOffTheSlotsJustBefore_ItsNextSlotIsSkipped()
    {
        // Grain timers run on real time: at a 1 s interval the next slot is 0.3 s away, 0.4 s after the last check seen.
        var (website, grain) = await StoredThenDeactivatedAsync(TimeSpan.FromSeconds(0.7), FastInterval);
        var dispatched = fixture.Dispatcher.For(website.Id).Count;
        var activatedAt = Stopwatch.GetTimestamp();

        await ActivateAsync(website, grain, latestCheckSeen: fixture.UtcNow.AddSeconds(-0.1));
        var checks = await fixture.Dispatcher.WaitForCountAsync(website.Id, dispatched + 1);

        var waited = Stopwatch.GetElapsedTime(activatedAt, checks[dispatched].Timestamp);
        Assert.True(waited >= TimeSpan.FromSeconds(1), $"the first check came {waited.TotalSeconds:0.00} s after activation: the slot 0.4 s after the last check was not skipped");
    }

    [Fact]
    public async Task Activation_SiloNotReceivingChecksLongEnoughToTell_WaitsForTheNextSlot()
    {
        var (website, grain) = await StoredThenDeactivatedAsync();
        var dispatched = fixture.Dispatcher.For(website.Id).Count;

        var checks = await ActivateAsync(website, grain, latestCheckSeen: null);

        Assert.Equal(dispatched, checks.Count);
    }

    /// <summary>A website whose grain saved its state (a status change) and was deactivated; its latest slot is some seconds back.</summary>
    private Task<(WebsiteDefinition Website, IWebsiteGrain Grain)> StoredThenDeactivatedAsync(int secondsSinceLatestSlot = 10) =>
        StoredThenDeactivatedAsync(TimeSpan.FromSeconds(secondsSinceLatestSlot), SlowInterval);

    private async Task<(WebsiteDefinition Website, IWebsiteGrain Grain)> StoredThenDeactivatedAsync(TimeSpan sinceLatestSlot, int intervalSeconds)
    {
        var (website, grain) = NewWebsite(intervalSeconds);
        await RecordAsync(grain, Tick(Guid.NewGuid(), good: false));
        await fixture.Cluster.DeactivateAsync(grain);
        var sinceSlot = fixture.UtcNow - DispatchSchedule.LatestSlotAtOrBefore(website.Id, intervalSeconds, fixture.UtcNow);
        fixture.Time.Advance(TimeSpan.FromSeconds(intervalSeconds) + sinceLatestSlot - sinceSlot);
        return (website, grain);
    }

    /// <summary>Activates the grain where the latest check of its website that reached the silo was due <paramref name="latestCheckSeen"/>.</summary>
    private async Task<IReadOnlyList<DispatchedCheck>> ActivateAsync(WebsiteDefinition website, IWebsiteGrain grain, DateTime? latestCheckSeen)
    {
        fixture.Dispatcher.LatestChecksSeen[website.Id] = latestCheckSeen;
        await GetSnapshotAsync(grain);
        return fixture.Dispatcher.For(website.Id);
    }

    private (WebsiteDefinition Website, IWebsiteGrain Grain) NewWebsite(int intervalSeconds, bool enabled = true)
    {
        var id = Guid.NewGuid();
        var website = new WebsiteDefinition(id, $"https://{id:N}.example.com/", intervalSeconds, enabled);
        fixture.Catalog.Set(website);
        return (website, fixture.Client.GetGrain<IWebsiteGrain>(id));
    }

    /// <summary>Activates the grain while the website is disabled, so no dispatch timer from activation races the test's refresh.</summary>
    private async Task<(WebsiteDefinition Website, IWebsiteGrain Grain)> ActivateDisabledAsync(int intervalSeconds)
    {
        var (website, grain) = NewWebsite(intervalSeconds, enabled: false);
        await GetSnapshotAsync(grain);
        return (website, grain);
    }

    private static async Task<WebsiteSnapshot> GetSnapshotAsync(IWebsiteGrain grain)
    {
        var snapshot = await grain.GetSnapshotAsync();
        Assert.NotNull(snapshot);
        return snapshot;
    }

    private static async Task RecordAsync(IWebsiteGrain grain, TickReport tick)
    {
        var outcome = await grain.RecordTickAsync(tick);
        Assert.True(outcome.Verdict == TickVerdict.Recorded, $"tick of {tick.ValidatorId}: {outcome.Verdict} {outcome.Error}");
    }

    /// <summary>An answer to a check sent just now (with its verified due time, as a checkToken gives).</summary>
    private TickReport Tick(Guid validatorId, bool good, double latencyMs = 50) =>
        new(validatorId, good, latencyMs, fixture.UtcNow.AddMilliseconds(-latencyMs), good ? null : "HTTP 500", fixture.UtcNow.AddMilliseconds(-latencyMs - 5), DateTime.MinValue);
}
