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

        await grain.RegisterAsync(identity, Guid.NewGuid(), connection);

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
        await grain.RegisterAsync(Identity(), connectionId, connection);
        fixture.Time.Advance(TimeSpan.FromSeconds(10));

        var accepted = await grain.HeartbeatAsync(connectionId, connection);

        Assert.True(accepted);
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
        await grain.RegisterAsync(Identity(), oldConnectionId, oldConnection);

        await grain.RegisterAsync(Identity(), newConnectionId, newConnection);

        var reason = await oldRecorder.WaitForCloseAsync("the replaced connection to be closed");
        Assert.Contains("replaced", reason, StringComparison.OrdinalIgnoreCase);
        Assert.False(await grain.HeartbeatAsync(oldConnectionId, oldConnection));
        Assert.True(await grain.HeartbeatAsync(newConnectionId, newConnection));
        Assert.Empty(newRecorder.CloseReasons.Snapshot());
    }

    [Fact]
    public async Task HeartbeatTimer_NoHeartbeatPastTimeout_ClosesConnectionAndMarksOffline()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        await grain.RegisterAsync(Identity(), Guid.NewGuid(), connection);

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
        await grain.RegisterAsync(Identity(), connectionId, connection);
        fixture.Time.Advance(ClusterFixture.HeartbeatTimeout * 0.75);
        Assert.True(await grain.HeartbeatAsync(connectionId, connection));

        // 1.5 timeouts since registration, 0.75 since the heartbeat: give the watch several real periods to misfire.
        fixture.Time.Advance(ClusterFixture.HeartbeatTimeout * 0.75);
        await Task.Delay(ClusterFixture.HeartbeatCheckPeriod * 5);

        Assert.Empty(recorder.CloseReasons.Snapshot());
        Assert.DoesNotContain(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.MarkOffline);
        Assert.True(await grain.HeartbeatAsync(connectionId, connection));
    }

    [Fact]
    public async Task HeartbeatAsync_StoreUnreachable_AcceptedAndCountedFromMemory()
    {
        var (validatorId, grain) = NewValidator();
        var (recorder, connection) = fixture.NewConnection();
        var connectionId = Guid.NewGuid();
        await grain.RegisterAsync(Identity(), connectionId, connection);
        _store.MakeUnreachableFor(validatorId);
        fixture.Time.Advance(ClusterFixture.HeartbeatTimeout * 0.75);

        Assert.True(await grain.HeartbeatAsync(connectionId, connection));

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
        await grain.RegisterAsync(Identity(), connectionId, connection);

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
        await grain.RegisterAsync(Identity(), oldConnectionId, oldConnection);
        await grain.RegisterAsync(Identity(), newConnectionId, newConnection);

        await grain.DisconnectedAsync(oldConnectionId);

        Assert.DoesNotContain(_store.CallsFor(validatorId), call => call.Operation == StoreOperation.MarkOffline);
        Assert.True(_store.PresenceOf(validatorId)?.Online);
        Assert.True(await grain.HeartbeatAsync(newConnectionId, newConnection));
        Assert.Empty(newRecorder.CloseReasons.Snapshot());
    }

    [Fact]
    public async Task HeartbeatAsync_FreshActivationOfOnlineValidator_AttachesConnectionForEviction()
    {
        var (validatorId, grain) = NewValidator();
        _store.SetPresence(validatorId, new ValidatorPresence(true, fixture.UtcNow));
        var (recorder, connection) = fixture.NewConnection();

        Assert.True(await grain.HeartbeatAsync(Guid.NewGuid(), connection));
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
        await grain.RegisterAsync(Identity(), connectionId, connection);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.True(await grain.HeartbeatAsync(connectionId, connection));
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
        await grain.RegisterAsync(Identity(), connectionId, connection);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.True(await grain.HeartbeatAsync(connectionId, connection));

        Assert.False(await grain.HeartbeatAsync(Guid.NewGuid(), otherConnection));
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

    private (Guid Id, IValidatorGrain Grain) NewValidator()
    {
        var id = Guid.NewGuid();
        return (id, fixture.Client.GetGrain<IValidatorGrain>(id));
    }

    private static ValidatorIdentity Identity() =>
        new("0x52908400098527886E0F7030069857D2E4169EE7", "Test Lab", "192.0.2.10");
}
