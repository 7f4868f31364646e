using System.Collections.Concurrent;
using Uptime.Grains;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

/// <summary>A validator grain that keeps what it was told and answers heartbeats with <see cref="StillCurrent"/>.</summary>
internal sealed class RecordingValidatorGrains : IValidatorGrainCalls
{
    private readonly ConcurrentQueue<(Guid ValidatorId, ValidatorIdentity Identity)> _registrations = new();
    private readonly ConcurrentQueue<Guid> _heartbeats = new();

    public bool StillCurrent { get; set; } = true;

    /// <summary>Thrown by every REGISTER and HEARTBEAT call while set (e.g. PostgreSQL unreachable behind the grain).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<(Guid ValidatorId, ValidatorIdentity Identity)> Registrations => [.. _registrations];

    public IReadOnlyList<Guid> Heartbeats => [.. _heartbeats];

    public Task RegisterAsync(Guid validatorId, ValidatorIdentity identity, Guid connectionId)
    {
        if (Failure is not null)
        {
            return Task.FromException(Failure);
        }

        _registrations.Enqueue((validatorId, identity));
        return Task.CompletedTask;
    }

    public Task<bool> HeartbeatAsync(Guid validatorId, Guid connectionId)
    {
        if (Failure is not null)
        {
            return Task.FromException<bool>(Failure);
        }

        _heartbeats.Enqueue(validatorId);
        return Task.FromResult(StillCurrent);
    }

    public Task DisconnectedAsync(Guid validatorId, Guid connectionId) => Task.CompletedTask;
}

/// <summary>A silo with <see cref="OthersConnected"/> validators elsewhere, remembering whether the connection joined.</summary>
internal sealed class FakeConnectionSilo : IConnectionSilo
{
    public int OthersConnected { get; init; }

    public bool Joined { get; private set; }

    public int ActiveWebsites { get; init; }

    public int ConnectedValidatorsOnceJoined() => OthersConnected + (Joined ? 0 : 1);

    public void Join() => Joined = true;

    public void Leave() => Joined = false;
}
