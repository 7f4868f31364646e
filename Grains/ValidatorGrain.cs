using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Uptime.Grains;

/// <summary>
/// Holds a validator's current connection and watches its heartbeats. The validators table keeps the durable
/// part (identity, online, last heartbeat); the connection reference lives in memory and is re-attached by the
/// next heartbeat when this activation is lost. A reminder keeps an online validator's grain coming back, so a
/// validator whose silo died together with its socket is still marked offline after the timeout.
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

    private Guid ValidatorId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var presence = await store.FindPresenceAsync(ValidatorId, cancellationToken);
        if (presence is { Online: true })
        {
            _lastHeartbeat = presence.LastHeartbeat ?? Now;
            StartWatch();
        }
    }

    public async Task RegisterAsync(ValidatorIdentity identity, Guid connectionId, IValidatorConnection connection)
    {
        if (_connection is not null && _connectionId != connectionId)
        {
            LogReplaced(logger, ValidatorId, identity.PublicKey, identity.IpAddress, identity.Location, _connectionId);
            _ = _connection.CloseAsync("replaced by a newer connection of the same validator");
        }

        await store.RegisterAsync(ValidatorId, identity, Now, CancellationToken.None);
        Attach(connectionId, connection);
        await this.RegisterOrUpdateReminder(PresenceReminder, _options.PresenceReminderPeriod, _options.PresenceReminderPeriod);
        LogRegistered(logger, ValidatorId, identity.PublicKey, identity.Location, identity.IpAddress);
    }

    public async Task<bool> HeartbeatAsync(Guid connectionId, IValidatorConnection connection)
    {
        if (_connection is not null && _connectionId != connectionId)
        {
            return false;
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

        return true;
    }

    public async Task DisconnectedAsync(Guid connectionId)
    {
        if (_connectionId == connectionId)
        {
            await GoOfflineAsync();
        }
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

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
