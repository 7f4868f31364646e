using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

[Collection(DatabaseCollection.Name)]
public sealed class PostgresValidatorStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime _registeredAt = new DateTime(2025, 11, 20, 8, 0, 0, DateTimeKind.Utc).AddTicks(4_567_890);

    private readonly PostgresValidatorStore _store = new(database.DataSource);
    private readonly ValidatorRepository _validators = new(database.DataSource);

    [Fact]
    public async Task RegisterAsync_NewValidator_InsertedOnlineWithLastHeartbeat()
    {
        var id = Guid.NewGuid();
        var identity = NewIdentity("eu-west", "203.0.113.7");

        await _store.RegisterAsync(id, identity, ValidatorState.Active, _registeredAt, CancellationToken.None);

        Assert.Equal(
            new ValidatorRecord(id, identity.PublicKey, "eu-west", "203.0.113.7", true, _registeredAt, _registeredAt, 0, "active", null, null, null, false, null, null),
            await FindRecordAsync(id));
        Assert.Equal(new ValidatorPresence(true, _registeredAt), await _store.FindPresenceAsync(id, CancellationToken.None));
        Assert.Equal(_registeredAt, await ReadUpdatedAtAsync(id));
    }

    [Fact]
    public async Task RegisterAsync_SameIdAgain_LocationAndIpUpdatedCreatedAtKept()
    {
        var id = Guid.NewGuid();
        var first = NewIdentity("eu-west", "203.0.113.7");
        await _store.RegisterAsync(id, first, ValidatorState.Active, _registeredAt, CancellationToken.None);
        await _store.MarkOfflineAsync(id, _registeredAt.AddMinutes(1), CancellationToken.None);
        var later = _registeredAt.AddMinutes(5);

        await _store.RegisterAsync(id, first with { Location = "us-east", IpAddress = "198.51.100.9" }, ValidatorState.Active, later, CancellationToken.None);

        Assert.Equal(
            new ValidatorRecord(id, first.PublicKey, "us-east", "198.51.100.9", true, later, _registeredAt, 0, "active", null, null, null, false, null, null),
            await FindRecordAsync(id));
        Assert.Equal(later, await ReadUpdatedAtAsync(id));
        Assert.Single(await _validators.ListAsync(CancellationToken.None), v => v.Id == id);
    }

    [Fact]
    public async Task RecordHeartbeatAsync_Registered_LastHeartbeatUpdated()
    {
        var id = Guid.NewGuid();
        await _store.RegisterAsync(id, NewIdentity("eu-west", "203.0.113.7"), ValidatorState.Active, _registeredAt, CancellationToken.None);
        var heartbeat = _registeredAt.AddSeconds(30).AddTicks(10);

        await _store.RecordHeartbeatAsync(id, heartbeat, CancellationToken.None);

        Assert.Equal(new ValidatorPresence(true, heartbeat), await _store.FindPresenceAsync(id, CancellationToken.None));
        var record = await FindRecordAsync(id);
        Assert.Equal(heartbeat, record.LastHeartbeat);
        Assert.Equal(_registeredAt, record.CreatedAt);
        Assert.Equal(heartbeat, await ReadUpdatedAtAsync(id));
    }

    [Fact]
    public async Task RecordHeartbeatAsync_Offline_OnlineAgain()
    {
        var id = Guid.NewGuid();
        await _store.RegisterAsync(id, NewIdentity("eu-west", "203.0.113.7"), ValidatorState.Active, _registeredAt, CancellationToken.None);
        await _store.MarkOfflineAsync(id, _registeredAt.AddMinutes(1), CancellationToken.None);

        await _store.RecordHeartbeatAsync(id, _registeredAt.AddMinutes(2), CancellationToken.None);

        Assert.Equal(new ValidatorPresence(true, _registeredAt.AddMinutes(2)), await _store.FindPresenceAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task MarkOfflineAsync_Registered_OfflineAndLastHeartbeatKept()
    {
        var id = Guid.NewGuid();
        await _store.RegisterAsync(id, NewIdentity("eu-west", "203.0.113.7"), ValidatorState.Active, _registeredAt, CancellationToken.None);
        var heartbeat = _registeredAt.AddSeconds(30);
        await _store.RecordHeartbeatAsync(id, heartbeat, CancellationToken.None);
        var evictedAt = heartbeat.AddSeconds(61);

        await _store.MarkOfflineAsync(id, evictedAt, CancellationToken.None);

        Assert.Equal(new ValidatorPresence(false, heartbeat), await _store.FindPresenceAsync(id, CancellationToken.None));
        Assert.False((await FindRecordAsync(id)).Online);
        Assert.Equal(evictedAt, await ReadUpdatedAtAsync(id));
    }

    [Fact]
    public async Task RecordHeartbeatAndMarkOffline_UnknownValidator_NoRowCreated()
    {
        var id = Guid.NewGuid();

        await _store.RecordHeartbeatAsync(id, _registeredAt, CancellationToken.None);
        await _store.MarkOfflineAsync(id, _registeredAt, CancellationToken.None);

        Assert.Null(await _store.FindPresenceAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task FindPresenceAsync_Missing_Null()
    {
        Assert.Null(await _store.FindPresenceAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task FindPresenceAsync_RowWithoutHeartbeat_LastHeartbeatNull()
    {
        var id = Guid.NewGuid();
        await InsertDirectlyAsync(id, NewIdentity("eu-west", "203.0.113.7").PublicKey);

        Assert.Equal(new ValidatorPresence(false, null), await _store.FindPresenceAsync(id, CancellationToken.None));
        Assert.Null((await FindRecordAsync(id)).LastHeartbeat);
    }

    [Fact]
    public async Task UniquePublicKeyIndex_SameKeyInOtherCase_RefusedWith23505()
    {
        var key = "0xAbCdEf" + Guid.NewGuid().ToString("N")[..32].ToUpperInvariant();
        await InsertDirectlyAsync(Guid.NewGuid(), key);

        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertDirectlyAsync(Guid.NewGuid(), key.ToLowerInvariant()));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("validators_public_key_key", error.ConstraintName);
    }

    [Fact]
    public async Task RegisterAsync_OtherIdSameKeyInOtherCase_RefusedWith23505()
    {
        var identity = NewIdentity("eu-west", "203.0.113.7");
        await _store.RegisterAsync(Guid.NewGuid(), identity, ValidatorState.Active, _registeredAt, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => _store.RegisterAsync(
            Guid.NewGuid(), identity with { PublicKey = identity.PublicKey.ToUpperInvariant() }, ValidatorState.Active, _registeredAt, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    [Fact]
    public async Task RegisterAsync_NewKeyAsPending_InsertedOfflineAndPending()
    {
        var id = Guid.NewGuid();
        var identity = NewIdentity("eu-west", "203.0.113.7");

        var standing = await _store.RegisterAsync(id, identity, ValidatorState.Pending, _registeredAt, CancellationToken.None);

        Assert.Equal(new ValidatorStanding(ValidatorState.Pending), standing);
        Assert.Equal(
            new ValidatorRecord(id, identity.PublicKey, "eu-west", "203.0.113.7", false, null, _registeredAt, 0, "pending", null, null, null, false, null, null),
            await FindRecordAsync(id));
    }

    [Fact]
    public async Task RegisterAsync_PendingKeyAgain_StaysPendingWithTheNewLocation()
    {
        var id = Guid.NewGuid();
        var identity = NewIdentity("eu-west", "203.0.113.7");
        await _store.RegisterAsync(id, identity, ValidatorState.Pending, _registeredAt, CancellationToken.None);

        var standing = await _store.RegisterAsync(id, identity with { Location = "us-east" }, ValidatorState.Pending, _registeredAt.AddMinutes(1), CancellationToken.None);

        Assert.Equal(new ValidatorStanding(ValidatorState.Pending), standing);
        var record = await FindRecordAsync(id);
        Assert.Equal(("pending", false, "us-east"), (record.State, record.Online, record.Location));
    }

    [Fact]
    public async Task RegisterAsync_PendingKeyWhileEnrollmentIsOpen_BecomesActiveAndOnline()
    {
        var id = Guid.NewGuid();
        var identity = NewIdentity("eu-west", "203.0.113.7");
        await _store.RegisterAsync(id, identity, ValidatorState.Pending, _registeredAt, CancellationToken.None);
        var later = _registeredAt.AddMinutes(1);

        var standing = await _store.RegisterAsync(id, identity, ValidatorState.Active, later, CancellationToken.None);

        Assert.Equal(ValidatorStanding.Active, standing);
        Assert.Equal(new ValidatorPresence(true, later), await _store.FindPresenceAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task RegisterAsync_ApprovedKeyWhileApprovalIsRequired_OnlineWithLastHeartbeat()
    {
        var id = Guid.NewGuid();
        var identity = NewIdentity("eu-west", "203.0.113.7");
        await _store.RegisterAsync(id, identity, ValidatorState.Pending, _registeredAt, CancellationToken.None);
        await _store.ActivateAsync(id, _registeredAt.AddMinutes(1), CancellationToken.None);
        var later = _registeredAt.AddMinutes(2);

        var standing = await _store.RegisterAsync(id, identity, ValidatorState.Pending, later, CancellationToken.None);

        Assert.Equal(ValidatorStanding.Active, standing);
        Assert.Equal(new ValidatorPresence(true, later), await _store.FindPresenceAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task BanAsync_Registered_RecordsWhoWhenAndWhy()
    {
        var id = Guid.NewGuid();
        var identity = NewIdentity("eu-west", "203.0.113.7");
        await _store.RegisterAsync(id, identity, ValidatorState.Active, _registeredAt, CancellationToken.None);
        var bannedAt = _registeredAt.AddMinutes(3);

        await _store.BanAsync(id, "admin key 0123456789abcdef", "forged ticks", bannedAt, CancellationToken.None);
        await _store.MarkOfflineAsync(id, bannedAt, CancellationToken.None);

        Assert.Equal(
            new ValidatorRecord(
                id, identity.PublicKey, "eu-west", "203.0.113.7", false, _registeredAt, _registeredAt, 0, "banned", bannedAt, "admin key 0123456789abcdef",
                "forged ticks", false, null, null),
            await FindRecordAsync(id));
        Assert.Equal(
            new ValidatorPresence(false, _registeredAt, ValidatorState.Banned, "forged ticks"),
            await _store.FindPresenceAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task RegisterAsync_Banned_RefusedAndRowKeptAsTheOperatorLeftIt()
    {
        var id = Guid.NewGuid();
        var identity = NewIdentity("eu-west", "203.0.113.7");
        await _store.RegisterAsync(id, identity, ValidatorState.Active, _registeredAt, CancellationToken.None);
        await _store.BanAsync(id, "admin key 0123456789abcdef", null, _registeredAt.AddMinutes(1), CancellationToken.None);
        await _store.MarkOfflineAsync(id, _registeredAt.AddMinutes(1), CancellationToken.None);

        var standing = await _store.RegisterAsync(
            id, identity with { Location = "elsewhere", IpAddress = "198.51.100.9" }, ValidatorState.Active, _registeredAt.AddMinutes(2), CancellationToken.None);

        Assert.Equal(new ValidatorStanding(ValidatorState.Banned), standing);
        var record = await FindRecordAsync(id);
        Assert.Equal(("banned", false, "eu-west", "203.0.113.7", (DateTime?)_registeredAt), (record.State, record.Online, record.Location, record.IpAddress, record.LastHeartbeat));
    }

    [Fact]
    public async Task ActivateAsync_Banned_ActiveWithTheBanForgotten()
    {
        var id = Guid.NewGuid();
        await _store.RegisterAsync(id, NewIdentity("eu-west", "203.0.113.7"), ValidatorState.Active, _registeredAt, CancellationToken.None);
        await _store.BanAsync(id, "admin key 0123456789abcdef", "oops", _registeredAt, CancellationToken.None);

        await _store.ActivateAsync(id, _registeredAt.AddMinutes(1), CancellationToken.None);

        var record = await FindRecordAsync(id);
        Assert.Equal(("active", (DateTime?)null, (string?)null, (string?)null), (record.State, record.BannedAt, record.BannedBy, record.BanReason));
    }

    [Fact]
    public async Task DeleteAsync_Registered_RowGone()
    {
        var id = Guid.NewGuid();
        await _store.RegisterAsync(id, NewIdentity("eu-west", "203.0.113.7"), ValidatorState.Active, _registeredAt, CancellationToken.None);

        await _store.DeleteAsync(id, CancellationToken.None);

        Assert.Null(await _store.FindPresenceAsync(id, CancellationToken.None));
        Assert.Null(await _validators.FindAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task SetImpairedAsync_ThenCleared_ListedImpairedWithSinceAndReasonThenNot()
    {
        var id = Guid.NewGuid();
        await _store.RegisterAsync(id, NewIdentity("eu-west", "203.0.113.7"), ValidatorState.Active, _registeredAt, CancellationToken.None);
        var since = _registeredAt.AddMinutes(2);

        await _store.SetImpairedAsync(id, since, "Bad on 2 of 2 canaries in 2 consecutive rounds (latest: Timeout after 10000 ms)", CancellationToken.None);
        var impaired = await FindRecordAsync(id);
        var presence = await _store.FindPresenceAsync(id, CancellationToken.None);
        await _store.SetImpairedAsync(id, null, null, CancellationToken.None);
        var recovered = await FindRecordAsync(id);

        Assert.Equal(
            (true, since, "Bad on 2 of 2 canaries in 2 consecutive rounds (latest: Timeout after 10000 ms)"),
            (impaired.Impaired, impaired.ImpairedSince, impaired.ImpairedReason));
        Assert.Equal(since, presence!.ImpairedSince);
        Assert.Equal((false, null, null), (recovered.Impaired, recovered.ImpairedSince, recovered.ImpairedReason));
        Assert.True(recovered.Online);
    }

    private static ValidatorIdentity NewIdentity(string location, string ip) =>
        new("0x" + Guid.NewGuid().ToString("N") + "abcdef01", location, ip);

    private async Task<ValidatorRecord> FindRecordAsync(Guid id) =>
        Assert.Single(await _validators.ListAsync(CancellationToken.None), v => v.Id == id);

    private async Task<DateTime> ReadUpdatedAtAsync(Guid id)
    {
        await using var command = database.DataSource.CreateCommand("SELECT updated_at FROM validators WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return (DateTime)(await command.ExecuteScalarAsync())!;
    }

    private async Task InsertDirectlyAsync(Guid id, string publicKey)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO validators (id, public_key, ip_address, location) VALUES ($1, $2, '192.0.2.1', 'test')");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = publicKey });
        await command.ExecuteNonQueryAsync();
    }
}
