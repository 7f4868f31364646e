using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ValidatorGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan _pastTimeout = ClusterFixture.HeartbeatTimeout + TimeSpan.FromSeconds(1);

    private readonly FakeValidatorStore _store = fixture.Store;

    [Fact]
    public async Task RegisterAsync_NewValidator_StoresRegistrationAndMarksOnline()
    {
        var (validatorId, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        var identity = Identity();

        await grain.RegisterAsync(identity, Guid.NewGuid(), connection, ValidatorState.Active);

        var call = Assert.Single(_store.CallsFor(validatorId));
        Assert.Equal(StoreOperation.Register, call.Operation);
        Assert.Equal(identity, call.Identity);
        Assert.Equal(fixture.UtcNow, call.Now);
        Assert.Equal(new ValidatorPresence(true, fixture.UtcNow), _store.PresenceOf(validatorId));
    }

    [Fact]
    public async Task HeartbeatAsync_CurrentConnection_ReturnsTrueAndRecordsHeartbeat()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);
        fixture.Time.Advance(TimeSpan.FromSeconds(10));

        var answer = await grain.HeartbeatAsync(connectionId, connection);

        Assert.Equal(new HeartbeatAnswer(true, ValidatorStanding.Active), answer);
        var heartbeat = Assert.Single(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.RecordHeartbeat);
        Assert.Equal(fixture.UtcNow, heartbeat.Now);
        Assert.Empty(recorder.CloseReasons.Snapshot());
    }

    [Fact]
    public async Task RegisterAsync_NewConnection_ClosesOldConnectionAndRejectsItsHeartbeat()
    {
        var (_, grain) = NewValidator();
        var (oldRecorder, oldConnection) = fixture.NewConnection();
        var (newRecorder, newConnection) = fixture.NewConnection();
        var oldConnectionId = Guid.NewGuid();
        var newConnectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), oldConnectionId, oldConnection, ValidatorState.Active);

        await grain.RegisterAsync(Identity(), newConnectionId, newConnection, ValidatorState.Active);

        var reason = await oldRecorder.WaitForCloseAsync("the replaced connection to be closed");
        Assert.Contains("replaced", reason, StringComparison.OrdinalIgnoreCase);
        Assert.False((await grain.HeartbeatAsync(oldConnectionId, oldConnection)).Current);
        Assert.True((await grain.HeartbeatAsync(newConnectionId, newConnection)).Current);
        Assert.Empty(newRecorder.CloseReasons.Snapshot());
    }

    [Fact]
    public async Task HeartbeatTimer_NoHeartbeatPastTimeout_ClosesConnectionAndMarksOffline()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Active);

        fixture.Time.Advance(_pastTimeout);

        var reason = await recorder.WaitForCloseAsync("the silent validator's connection to be closed");
        Assert.Contains("heartbeat", reason, StringComparison.OrdinalIgnoreCase);
        await _store.WaitForCallAsync(validatorId, StoreOperation.MarkOffline);
        Assert.False(_store.PresenceOf(validatorId)?.Online);
    }

    [Fact]
    public async Task HeartbeatTimer_HeartbeatWithinTimeout_KeepsConnection()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);
        fixture.Time.Advance(ClusterFixture.HeartbeatTimeout * 0.75);
        Assert.True((await grain.HeartbeatAsync(connectionId, connection)).Current);

        // 1.5 timeouts since registration, 0.75 since the heartbeat: give the watch several real periods to misfire.
        fixture.Time.Advance(ClusterFixture.HeartbeatTimeout * 0.75);
        await Task.Delay(ClusterFixture.HeartbeatCheckPeriod * 5);

        Assert.Empty(recorder.CloseReasons.Snapshot());
        Assert.DoesNotContain(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.MarkOffline);
        Assert.True((await grain.HeartbeatAsync(connectionId, connection)).Current);
    }

    [Fact]
    public async Task HeartbeatAsync_StoreUnreachable_AcceptedAndCountedFromMemory()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);
        _store.MakeUnreachableFor(validatorId);
        fixture.Time.Advance(ClusterFixture.HeartbeatTimeout * 0.75);

        Assert.True((await grain.HeartbeatAsync(connectionId, connection)).Current);

        fixture.Time.Advance(ClusterFixture.HeartbeatTimeout * 0.75);
        await Task.Delay(ClusterFixture.HeartbeatCheckPeriod * 5);
        Assert.Empty(recorder.CloseReasons.Snapshot());
        Assert.DoesNotContain(_store.CallsFor(validatorId), call => call.Operation is StoreOperation.RecordHeartbeat or StoreOperation.MarkOffline);
    }

    [Fact]
    public async Task DisconnectedAsync_CurrentConnection_MarksOffline()
    {
        var (validatorId, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);

        await grain.DisconnectedAsync(connectionId);

        Assert.Contains(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.MarkOffline);
        Assert.False(_store.PresenceOf(validatorId)?.Online);
    }

    [Fact]
    public async Task DisconnectedAsync_StaleConnection_DoesNothing()
    {
        var (validatorId, grain) = NewValidator();
        var (_, oldConnection) = fixture.NewConnection();
        var (newRecorder, newConnection) = fixture.NewConnection();
        var oldConnectionId = Guid.NewGuid();
        var newConnectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), oldConnectionId, oldConnection, ValidatorState.Active);
        await grain.RegisterAsync(Identity(), newConnectionId, newConnection, ValidatorState.Active);

        await grain.DisconnectedAsync(oldConnectionId);

        Assert.DoesNotContain(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.MarkOffline);
        Assert.True(_store.PresenceOf(validatorId)?.Online);
        Assert.True((await grain.HeartbeatAsync(newConnectionId, newConnection)).Current);
        Assert.Empty(newRecorder.CloseReasons.Snapshot());
    }

    [Fact]
    public async Task HeartbeatAsync_FreshActivationOfOnlineValidator_AttachesConnectionForEviction()
    {
        var (validatorId, grain) = NewValidator();
        _store.SetPresence(validatorId, new ValidatorPresence(true, fixture.UtcNow));
        var (recorder, connection) = fixture.NewConnection();

        Assert.True((await grain.HeartbeatAsync(Guid.NewGuid(), connection)).Current);
        fixture.Time.Advance(_pastTimeout);

        var reason = await recorder.WaitForCloseAsync("the re-attached connection to be closed on eviction");
        Assert.Contains("heartbeat", reason, StringComparison.OrdinalIgnoreCase);
        await _store.WaitForCallAsync(validatorId, StoreOperation.MarkOffline);
    }

    [Fact]
    public async Task HeartbeatAsync_AfterDeactivation_ReattachesConnection()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.True((await grain.HeartbeatAsync(connectionId, connection)).Current);
        fixture.Time.Advance(_pastTimeout);

        var reason = await recorder.WaitForCloseAsync("the connection re-attached after deactivation to be closed on eviction");
        Assert.Contains("heartbeat", reason, StringComparison.OrdinalIgnoreCase);
        await _store.WaitForCallAsync(validatorId, StoreOperation.MarkOffline);
    }

    [Fact]
    public async Task HeartbeatAsync_AfterDeactivation_RejectsOtherConnectionOnceReattached()
    {
        var (_, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        var (_, otherConnection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.True((await grain.HeartbeatAsync(connectionId, connection)).Current);

        Assert.False((await grain.HeartbeatAsync(Guid.NewGuid(), otherConnection)).Current);
    }

    [Fact]
    public async Task Activation_OnlineValidatorWithStaleHeartbeat_MarksOffline()
    {
        // A validator whose silo died with its socket: the store says online, nobody heartbeats any more.
        var (validatorId, grain) = NewValidator();
        _store.SetPresence(validatorId, new ValidatorPresence(true, fixture.UtcNow - _pastTimeout));

        await grain.DisconnectedAsync(Guid.NewGuid());

        await _store.WaitForCallAsync(validatorId, StoreOperation.MarkOffline);
        Assert.False(_store.PresenceOf(validatorId)?.Online);
    }

    [Fact]
    public async Task RegisterAsync_NewKeyInApprovalMode_StoredPendingAndRefused()
    {
        var (validatorId, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();

        var standing = await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Pending);

        Assert.Equal(new ValidatorStanding(ValidatorState.Pending), standing);
        Assert.Equal(new ValidatorPresence(false, null, ValidatorState.Pending), _store.PresenceOf(validatorId));
        Assert.Equal(new HeartbeatAnswer(false, standing), await grain.HeartbeatAsync(connectionId, connection));
    }

    [Fact]
    public async Task ApproveAsync_PendingValidator_RegistersFromThenOn()
    {
        var (validatorId, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Pending);

        Assert.Equal(ValidatorState.Pending, await grain.ApproveAsync());
        var standing = await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Pending);

        Assert.Equal(ValidatorStanding.Active, standing);
        Assert.True(_store.PresenceOf(validatorId)?.Online);
    }

    [Fact]
    public async Task RegisterAsync_PendingValidatorOnceEnrollmentIsOpen_BecomesActive()
    {
        var (validatorId, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Pending);

        var standing = await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Active);

        Assert.Equal(ValidatorStanding.Active, standing);
        Assert.Equal(ValidatorState.Active, _store.PresenceOf(validatorId)?.State);
    }

    [Fact]
    public async Task BanAsync_ConnectedValidator_TellsItsConnectionAndMarksOffline()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);

        Assert.Equal(ValidatorState.Active, await grain.BanAsync("admin key 0123456789abcdef", "stolen key"));

        var bans = await recorder.Bans.WaitForAsync(all => all.Count > 0, "the banned validator's connection to be told");
        Assert.Equal("stolen key", Assert.Single(bans));
        Assert.Equal(new ValidatorPresence(false, fixture.UtcNow, ValidatorState.Banned, "stolen key"), _store.PresenceOf(validatorId));
        Assert.Equal(
            new HeartbeatAnswer(false, new ValidatorStanding(ValidatorState.Banned, "stolen key")),
            await grain.HeartbeatAsync(connectionId, connection));
    }

    [Fact]
    public async Task BanAsync_Twice_KeepsTheFirstBan()
    {
        var (validatorId, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Active);
        await grain.BanAsync("admin key 0123456789abcdef", "first");

        Assert.Equal(ValidatorState.Banned, await grain.BanAsync("admin key 0123456789abcdef", "second"));

        Assert.Equal("first", _store.PresenceOf(validatorId)?.BanReason);
        Assert.Single(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.Ban);
    }

    [Fact]
    public async Task RegisterAsync_BannedValidator_RefusedWithTheReasonAndNotAttached()
    {
        var (validatorId, grain) = NewValidator();
        _store.SetPresence(validatorId, new ValidatorPresence(false, null, ValidatorState.Banned, "sends forged ticks"));
        var (recorder, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();

        var standing = await grain.RegisterAsync(Identity(), connectionId, connection, ValidatorState.Active);

        Assert.Equal(new ValidatorStanding(ValidatorState.Banned, "sends forged ticks"), standing);
        Assert.False(_store.PresenceOf(validatorId)?.Online);
        Assert.False((await grain.HeartbeatAsync(connectionId, connection)).Current);
        Assert.Empty(recorder.CloseReasons.Snapshot());
    }

    [Fact]
    public async Task HeartbeatAsync_FreshActivationOfBannedValidator_Refused()
    {
        // A connection that outlived its ban (the one-way close was lost): the grain reads the ban when it activates.
        var (validatorId, grain) = NewValidator();
        _store.SetPresence(validatorId, new ValidatorPresence(false, fixture.UtcNow, ValidatorState.Banned, null));
        var (_, connection) = fixture.NewConnection();

        var answer = await grain.HeartbeatAsync(Guid.NewGuid(), connection);

        Assert.Equal(new HeartbeatAnswer(false, new ValidatorStanding(ValidatorState.Banned)), answer);
        Assert.DoesNotContain(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.RecordHeartbeat);
    }

    [Fact]
    public async Task UnbanAsync_BannedValidator_RegistersAgain()
    {
        var (_, grain) = NewValidator();
        var (_, connection) = fixture.NewConnection();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Active);
        await grain.BanAsync("admin key 0123456789abcdef", null);

        Assert.Equal(ValidatorState.Banned, await grain.UnbanAsync());

        Assert.Equal(ValidatorStanding.Active, await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Pending));
    }

    [Fact]
    public async Task ApproveAsync_BannedValidator_StaysBanned()
    {
        var (validatorId, grain) = NewValidator();
        _store.SetPresence(validatorId, new ValidatorPresence(false, null, ValidatorState.Banned, null));

        Assert.Equal(ValidatorState.Banned, await grain.ApproveAsync());

        Assert.Equal(ValidatorState.Banned, _store.PresenceOf(validatorId)?.State);
    }

    [Fact]
    public async Task OperatorActions_UnknownValidator_ReportNotFound()
    {
        var (validatorId, grain) = NewValidator();

        Assert.Null(await grain.BanAsync("admin key 0123456789abcdef", null));
        Assert.Null(await grain.UnbanAsync());
        Assert.Null(await grain.ApproveAsync());
        Assert.False(await grain.DeleteAsync());
        Assert.Empty(_store.CallsFor(validatorId));
    }

    [Fact]
    public async Task DeleteAsync_ConnectedValidator_ClosesItsConnectionAndDeletesTheRow()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection, ValidatorState.Active);

        Assert.True(await grain.DeleteAsync());

        var reason = await recorder.WaitForCloseAsync("the deleted validator's connection to be closed");
        Assert.Contains("deleted", reason, StringComparison.Ordinal);
        Assert.Null(_store.PresenceOf(validatorId));
    }

    [Fact]
    public async Task CanaryRoundAsync_TwoFailingRoundsInARow_ImpairedOnceWithTheReasonThenRecoversAfterAGoodRound()
    {
        var (validatorId, grain) = NewValidator();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), fixture.NewConnection().Reference, ValidatorState.Active);
        var failing = new CanaryRound(fixture.UtcNow, 2, 2, "Timeout after 10000 ms");

        var first = await grain.CanaryRoundAsync(failing);
        var second = await grain.CanaryRoundAsync(failing);
        var third = await grain.CanaryRoundAsync(failing);
        var inconclusive = await grain.CanaryRoundAsync(failing with { Bad = 1 });
        var impairedSince = _store.PresenceOf(validatorId)!.ImpairedSince;
        var good = await grain.CanaryRoundAsync(failing with { Bad = 0 });

        Assert.Equal(
            [new CanaryStanding(false, false), new CanaryStanding(true, true), new CanaryStanding(true, false), new CanaryStanding(true, false),
                new CanaryStanding(false, true)],
            [first, second, third, inconclusive, good]);
        Assert.Equal(fixture.UtcNow, impairedSince);
        var changes = _store.CallsFor(validatorId).Where(call => call.Operation == StoreOperation.SetImpaired).ToList();
        Assert.Equal(
            [(fixture.UtcNow, "Bad on 2 of 2 canaries in 2 consecutive rounds (latest: Timeout after 10000 ms)"), (DateTime.MinValue, null)],
            changes.Select(call => (call.Now, call.Reason)));
        Assert.Null(_store.PresenceOf(validatorId)!.ImpairedSince);
    }

    [Fact]
    public async Task CanaryRoundAsync_FailingRoundsSeparatedByAMixedOne_NotImpaired()
    {
        var (validatorId, grain) = NewValidator();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), fixture.NewConnection().Reference, ValidatorState.Active);
        var failing = new CanaryRound(fixture.UtcNow, 3, 3);

        await grain.CanaryRoundAsync(failing);
        await grain.CanaryRoundAsync(failing with { Bad = 1 });
        var standing = await grain.CanaryRoundAsync(failing);

        Assert.Equal(new CanaryStanding(false, false), standing);
        Assert.DoesNotContain(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.SetImpaired);
    }

    [Fact]
    public async Task CanaryRoundAsync_ImpairedInTheStoredRow_StaysImpairedUntilAGoodRound()
    {
        var (validatorId, grain) = NewValidator();
        var since = fixture.UtcNow.AddMinutes(-5);
        _store.SetPresence(validatorId, new ValidatorPresence(true, fixture.UtcNow, ImpairedSince: since));

        var failing = await grain.CanaryRoundAsync(new CanaryRound(fixture.UtcNow, 1, 1));
        var good = await grain.CanaryRoundAsync(new CanaryRound(fixture.UtcNow, 1, 0));

        Assert.Equal((new CanaryStanding(true, false), new CanaryStanding(false, true)), (failing, good));
    }

    private (Guid Id, IValidatorGrain Grain) NewValidator()
    {
        var id = Guid.NewGuid();
        return (id, fixture.Client.GetGrain<IValidatorGrain>(id));
    }

    private static ValidatorIdentity Identity() =>
        new("0x52908400098527886E0F7030069857D2E4169EE7", "Test Lab", "192.0.2.10");
}
