using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Uptime.Grains;

/// <summary>
/// Holds a validator's current connection and watches its heartbeats. The validators table keeps the durable
/// part (identity, online, last heartbeat); the connection reference lives in memory and is re-attached by the
/// next heartbeat when this activation is lost. A reminder keeps an online validator's grain coming back, so a
/// validator whose silo died together with its socket is still marked offline after the timeout. Every change of the
/// validator's row goes through this grain (one activation cluster-wide), so an operator's ban and a REGISTER of the same
/// validator take turns wherever they arrive; the standing it keeps in memory (read at activation) refuses heartbeats of
/// a connection that outlived a ban. It also decides, from the canary rounds the silo holding the socket reports, whether
/// the validator is impaired; that survives going offline (a sick validator must not shed it by reconnecting) and ends
/// only with a round of Good canaries.
/// </summary>
[GrainType("validator")]
public sealed partial class ValidatorGrain(
    IValidatorStore store,
    IOptions<ValidatorGrainOptions> options,
    TimeProvider time,
    ILogger<ValidatorGrain> logger) : Grain, IValidatorGrain, IRemindable
{
    private const string PresenceReminder = "presence";

    private readonly ValidatorGrainOptions _options = options.Value;
    private Guid _connectionId;
    private IValidatorConnection? _connection;
    private DateTime? _lastHeartbeat;
    private IGrainTimer? _watch;
    private ValidatorStanding _standing = ValidatorStanding.Active;
    private int _failingCanaryRounds;
    private DateTime? _impairedSince;

    private Guid ValidatorId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var presence = await store.FindPresenceAsync(ValidatorId, cancellationToken);
        _standing = presence?.Standing ?? ValidatorStanding.Active;
        _impairedSince = presence?.ImpairedSince;
        if (presence is { Online: true, State: ValidatorState.Active })
        {
            _lastHeartbeat = presence.LastHeartbeat ?? Now;
            StartWatch();
        }
    }

    public async Task<ValidatorStanding> RegisterAsync(
        ValidatorIdentity identity, Guid connectionId, IValidatorConnection connection, ValidatorState newKeyState)
    {
        _standing = await store.RegisterAsync(ValidatorId, identity, newKeyState, Now, CancellationToken.None);
        if (_standing.State != ValidatorState.Active)
        {
            LogRegistrationRefused(logger, ValidatorId, identity.PublicKey, identity.IpAddress, _standing.State);
            return _standing;
        }

        if (_connection is not null && _connectionId != connectionId)
        {
            LogReplaced(logger, ValidatorId, identity.PublicKey, identity.IpAddress, identity.Location, _connectionId);
            _ = _connection.CloseAsync("replaced by a newer connection of the same validator");
        }

        Attach(connectionId, connection);
        await this.RegisterOrUpdateReminder(PresenceReminder, _options.PresenceReminderPeriod, _options.PresenceReminderPeriod);
        LogRegistered(logger, ValidatorId, identity.PublicKey, identity.Location, identity.IpAddress);
        return _standing;
    }

    public async Task<HeartbeatAnswer> HeartbeatAsync(Guid connectionId, IValidatorConnection connection)
    {
        if (_standing.State != ValidatorState.Active || (_connection is not null && _connectionId != connectionId))
        {
            return new HeartbeatAnswer(false, _standing);
        }

        var reattached = _connection is null;
        Attach(connectionId, connection);
        try
        {
            await store.RecordHeartbeatAsync(ValidatorId, _lastHeartbeat!.Value, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The heartbeat counts from memory (eviction watches _lastHeartbeat); the next one writes the row again.
            LogHeartbeatNotStored(logger, ValidatorId, e.Message);
        }

        if (reattached)
        {
            await this.RegisterOrUpdateReminder(PresenceReminder, _options.PresenceReminderPeriod, _options.PresenceReminderPeriod);
        }

        return new HeartbeatAnswer(true, _standing);
    }

    public async Task DisconnectedAsync(Guid connectionId)
    {
        if (_connectionId == connectionId)
        {
            await GoOfflineAsync();
        }
    }

    public async Task<ValidatorState?> BanAsync(string bannedBy, string? reason)
    {
        if (await store.FindPresenceAsync(ValidatorId, CancellationToken.None) is not { } found)
        {
            return null;
        }

        if (found.State != ValidatorState.Banned)
        {
            await store.BanAsync(ValidatorId, bannedBy, reason, Now, CancellationToken.None);
            _standing = new ValidatorStanding(ValidatorState.Banned, reason);
            LogBanned(logger, ValidatorId, bannedBy, reason);
            _ = _connection?.BannedAsync(reason);
            await GoOfflineAsync();
        }

        return found.State;
    }

    public Task<ValidatorState?> UnbanAsync() => ActivateAsync(ValidatorState.Banned);

    public Task<ValidatorState?> ApproveAsync() => ActivateAsync(ValidatorState.Pending);

    public async Task<bool> DeleteAsync()
    {
        if (await store.FindPresenceAsync(ValidatorId, CancellationToken.None) is null)
        {
            return false;
        }

        _ = _connection?.CloseAsync("deleted by an operator");
        await store.DeleteAsync(ValidatorId, CancellationToken.None);
        _standing = ValidatorStanding.Active;
        LogDeleted(logger, ValidatorId);
        await GoOfflineAsync();
        return true;
    }

    public async Task<CanaryStanding> CanaryRoundAsync(CanaryRound round)
    {
        _failingCanaryRounds = ImpairmentRule.Fails(round) ? _failingCanaryRounds + 1 : 0;
        if (_impairedSince is null && _failingCanaryRounds >= ImpairmentRule.FailingRounds)
        {
            var reason = ImpairmentRule.Reason(round);
            await store.SetImpairedAsync(ValidatorId, Now, reason, CancellationToken.None);
            _impairedSince = Now;
            LogImpaired(logger, ValidatorId, reason);
            return new CanaryStanding(true, true);
        }

        if (_impairedSince is { } since && ImpairmentRule.Passes(round))
        {
            await store.SetImpairedAsync(ValidatorId, null, null, CancellationToken.None);
            _impairedSince = null;
            LogRecovered(logger, ValidatorId, (Now - since).TotalSeconds, round.Checked);
            return new CanaryStanding(false, true);
        }

        return new CanaryStanding(_impairedSince is not null, false);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckHeartbeatAsync();

    private void Attach(Guid connectionId, IValidatorConnection connection)
    {
        _connectionId = connectionId;
        _connection = connection;
        _lastHeartbeat = Now;
        StartWatch();
    }

    private void StartWatch() =>
        _watch ??= this.RegisterGrainTimer(
            CheckHeartbeatAsync,
            new GrainTimerCreationOptions(_options.HeartbeatCheckPeriod, _options.HeartbeatCheckPeriod) { KeepAlive = true });

    private async Task CheckHeartbeatAsync()
    {
        if (_lastHeartbeat is { } last && Now - last > _options.HeartbeatTimeout)
        {
            LogEvicted(logger, ValidatorId, (Now - last).TotalSeconds);
            _connection?.CloseAsync($"no heartbeat for {_options.HeartbeatTimeout.TotalSeconds:0} s");
            await GoOfflineAsync();
        }
        else if (_lastHeartbeat is null)
        {
            await this.UnregisterIfPresentAsync(PresenceReminder);
            DeactivateOnIdle();
        }
    }

    private async Task GoOfflineAsync()
    {
        _connection = null;
        _connectionId = Guid.Empty;
        _lastHeartbeat = null;
        _watch?.Dispose();
        _watch = null;
        await store.MarkOfflineAsync(ValidatorId, Now, CancellationToken.None);
        await this.UnregisterIfPresentAsync(PresenceReminder);
        DeactivateOnIdle();
    }

    /// <summary>Makes the validator active if it is in state <paramref name="from"/>; returns the state it had, or null when unknown.</summary>
    private async Task<ValidatorState?> ActivateAsync(ValidatorState from)
    {
        if (await store.FindPresenceAsync(ValidatorId, CancellationToken.None) is not { } found)
        {
            return null;
        }

        if (found.State == from)
        {
            await store.ActivateAsync(ValidatorId, Now, CancellationToken.None);
            _standing = ValidatorStanding.Active;
            LogActivated(logger, ValidatorId, from);
        }

        return found.State;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
