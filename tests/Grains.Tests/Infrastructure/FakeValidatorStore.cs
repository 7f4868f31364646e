using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

public enum StoreOperation
{
    Register,
    RecordHeartbeat,
    MarkOffline,
    Ban,
    Activate,
    Delete,
    SetImpaired,
}

/// <summary>One call a validator grain made to the store (<c>Reason</c>: the impairment reason of a SetImpaired call).</summary>
public sealed record StoreCall(StoreOperation Operation, Guid ValidatorId, DateTime Now, ValidatorIdentity? Identity = null, string? Reason = null);

/// <summary>The validators table in memory, with the same online and state semantics as the PostgreSQL store, recording every call.</summary>
public sealed class FakeValidatorStore : IValidatorStore
{
    private readonly ConcurrentDictionary<Guid, ValidatorPresence> _presence = new();
    private readonly ConcurrentDictionary<Guid, bool> _unreachableFor = new();

    public AwaitableLog<StoreCall> Calls { get; } = new();

    public ValidatorPresence? PresenceOf(Guid validatorId) => _presence.GetValueOrDefault(validatorId);

    public void SetPresence(Guid validatorId, ValidatorPresence presence) => _presence[validatorId] = presence;

    /// <summary>From now on, heartbeats of <paramref name="validatorId"/> fail as if PostgreSQL were unreachable.</summary>
    public void MakeUnreachableFor(Guid validatorId) => _unreachableFor[validatorId] = true;

    public IReadOnlyList<StoreCall> CallsFor(Guid validatorId) =>
        [.. Calls.Snapshot().Where(call => call.ValidatorId == validatorId)];

    public async Task<StoreCall> WaitForCallAsync(Guid validatorId, StoreOperation operation)
    {
        var calls = await Calls.WaitForAsync(
            all => all.Any(call => call.ValidatorId == validatorId && call.Operation == operation),
            $"{operation} of validator {validatorId}");
        return calls.First(call => call.ValidatorId == validatorId && call.Operation == operation);
    }

    public Task<ValidatorPresence?> FindPresenceAsync(Guid validatorId, CancellationToken cancellationToken) =>
        Task.FromResult(PresenceOf(validatorId));

    public Task<ValidatorStanding> RegisterAsync(
        Guid validatorId, ValidatorIdentity identity, ValidatorState newKeyState, DateTime now, CancellationToken cancellationToken)
    {
        var presence = _presence.AddOrUpdate(
            validatorId,
            _ => new ValidatorPresence(newKeyState == ValidatorState.Active, newKeyState == ValidatorState.Active ? now : null, newKeyState),
            (_, old) => old.State switch
            {
                ValidatorState.Banned => old,
                ValidatorState.Pending when newKeyState == ValidatorState.Pending => old,
                _ => new ValidatorPresence(true, now),
            });
        Calls.Add(new StoreCall(StoreOperation.Register, validatorId, now, identity));
        return Task.FromResult(presence.Standing);
    }

    public Task RecordHeartbeatAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken)
    {
        if (_unreachableFor.ContainsKey(validatorId))
        {
            return Task.FromException(new TimeoutException("the store is unreachable"));
        }

        Update(validatorId, old => old with { Online = true, LastHeartbeat = now });
        Calls.Add(new StoreCall(StoreOperation.RecordHeartbeat, validatorId, now));
        return Task.CompletedTask;
    }

    public Task MarkOfflineAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken)
    {
        Update(validatorId, old => old with { Online = false });
        Calls.Add(new StoreCall(StoreOperation.MarkOffline, validatorId, now));
        return Task.CompletedTask;
    }

    public Task BanAsync(Guid validatorId, string bannedBy, string? reason, DateTime now, CancellationToken cancellationToken)
    {
        Update(validatorId, old => old with { State = ValidatorState.Banned, BanReason = reason });
        Calls.Add(new StoreCall(StoreOperation.Ban, validatorId, now));
        return Task.CompletedTask;
    }

    public Task ActivateAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken)
    {
        Update(validatorId, old => old with { State = ValidatorState.Active, BanReason = null });
        Calls.Add(new StoreCall(StoreOperation.Activate, validatorId, now));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid validatorId, CancellationToken cancellationToken)
    {
        _presence.TryRemove(validatorId, out _);
        Calls.Add(new StoreCall(StoreOperation.Delete, validatorId, DateTime.MinValue));
        return Task.CompletedTask;
    }

    public Task SetImpairedAsync(Guid validatorId, DateTime? since, string? reason, CancellationToken cancellationToken)
    {
        Update(validatorId, old => old with { ImpairedSince = since });
        Calls.Add(new StoreCall(StoreOperation.SetImpaired, validatorId, since ?? DateTime.MinValue, Reason: reason));
        return Task.CompletedTask;
    }

    /// <summary>Changes an existing row, like an UPDATE … WHERE id (nothing when there is none).</summary>
    private void Update(Guid validatorId, Func<ValidatorPresence, ValidatorPresence> change)
    {
        if (_presence.TryGetValue(validatorId, out var old))
        {
            _presence[validatorId] = change(old);
        }
    }
}
