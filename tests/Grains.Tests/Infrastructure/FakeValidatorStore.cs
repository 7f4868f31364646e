using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

public enum StoreOperation
{
    Register,
    RecordHeartbeat,
    MarkOffline,
}

/// <summary>One call a validator grain made to the store.</summary>
public sealed record StoreCall(StoreOperation Operation, Guid ValidatorId, DateTime Now, ValidatorIdentity? Identity = null);

/// <summary>The validators table in memory, with the same online semantics as the PostgreSQL store, recording every call.</summary>
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

    public Task RegisterAsync(Guid validatorId, ValidatorIdentity identity, DateTime now, CancellationToken cancellationToken)
    {
        _presence[validatorId] = new ValidatorPresence(true, now);
        Calls.Add(new StoreCall(StoreOperation.Register, validatorId, now, identity));
        return Task.CompletedTask;
    }

    public Task RecordHeartbeatAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken)
    {
        if (_unreachableFor.ContainsKey(validatorId))
        {
            return Task.FromException(new TimeoutException("the store is unreachable"));
        }

        _presence[validatorId] = new ValidatorPresence(true, now);
        Calls.Add(new StoreCall(StoreOperation.RecordHeartbeat, validatorId, now));
        return Task.CompletedTask;
    }

    public Task MarkOfflineAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken)
    {
        _presence.AddOrUpdate(validatorId, _ => new ValidatorPresence(false, null), (_, old) => old with { Online = false });
        Calls.Add(new StoreCall(StoreOperation.MarkOffline, validatorId, now));
        return Task.CompletedTask;
    }
}
