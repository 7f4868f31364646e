using System.Collections.Concurrent;
using Uptime.Grains;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

/// <summary>
/// A validator grain that keeps what it was told, answers registrations and heartbeats with <see cref="Standing"/> and
/// heartbeats with <see cref="StillCurrent"/>, and remembers the state a new key would get.
/// </summary>
internal sealed class RecordingValidatorGrains : IValidatorGrainCalls
{
    private readonly ConcurrentQueue<(Guid ValidatorId, ValidatorIdentity Identity)> _registrations = new();
    private readonly ConcurrentQueue<Guid> _heartbeats = new();

    public bool StillCurrent { get; set; } = true;

    public ValidatorStanding Standing { get; set; } = ValidatorStanding.Active;

    public ValidatorState? NewKeyState { get; private set; }

    /// <summary>Thrown by every REGISTER and HEARTBEAT call while set (e.g. PostgreSQL unreachable behind the grain).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<(Guid ValidatorId, ValidatorIdentity Identity)> Registrations => [.. _registrations];

    public IReadOnlyList<Guid> Heartbeats => [.. _heartbeats];

    public Task<ValidatorStanding> RegisterAsync(Guid validatorId, ValidatorIdentity identity, Guid connectionId, ValidatorState newKeyState)
    {
        if (Failure is not null)
        {
            return Task.FromException<ValidatorStanding>(Failure);
        }

        _registrations.Enqueue((validatorId, identity));
        NewKeyState = newKeyState;
        return Task.FromResult(Standing);
    }

    public Task<HeartbeatAnswer> HeartbeatAsync(Guid validatorId, Guid connectionId)
    {
        if (Failure is not null)
        {
            return Task.FromException<HeartbeatAnswer>(Failure);
        }

        _heartbeats.Enqueue(validatorId);
        return Task.FromResult(new HeartbeatAnswer(StillCurrent, Standing));
    }

    public Task DisconnectedAsync(Guid validatorId, Guid connectionId) => Task.CompletedTask;
}

/// <summary>A silo with <see cref="OthersConnected"/> validators elsewhere, remembering whether (and since when) the connection joined.</summary>
internal sealed class FakeConnectionSilo : IConnectionSilo
{
    public int OthersConnected { get; init; }

    public bool Joined { get; private set; }

    /// <summary>The <c>lastCheckAt</c> the connection joined with.</summary>
    public DateTime? JoinedAfter { get; private set; }

    public int ActiveWebsites { get; init; }

    public int ConnectedValidatorsOnceJoined() => OthersConnected + (Joined ? 0 : 1);

    public void Join(DateTime? lastCheckAt)
    {
        Joined = true;
        JoinedAfter = lastCheckAt;
    }

    public void Leave() => Joined = false;
}
