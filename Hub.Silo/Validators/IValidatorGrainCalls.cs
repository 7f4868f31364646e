using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>What a connection tells its validator's grain (see <see cref="IValidatorGrain"/>).</summary>
internal interface IValidatorGrainCalls
{
    /// <summary>The validator's standing: the registration holds only when it is active.</summary>
    Task<ValidatorStanding> RegisterAsync(Guid validatorId, ValidatorIdentity identity, Guid connectionId, ValidatorState newKeyState);

    /// <summary>Not current when a newer connection of the same validator has replaced this one; the standing says whether it may stay.</summary>
    Task<HeartbeatAnswer> HeartbeatAsync(Guid validatorId, Guid connectionId);

    Task DisconnectedAsync(Guid validatorId, Guid connectionId);
}

/// <summary>The calls to the validator grain, naming the connection's observer through which the grain closes it.</summary>
internal sealed class ValidatorGrainCalls(IGrainFactory grains, IValidatorConnection observer) : IValidatorGrainCalls
{
    public Task<ValidatorStanding> RegisterAsync(Guid validatorId, ValidatorIdentity identity, Guid connectionId, ValidatorState newKeyState) =>
        grains.GetGrain<IValidatorGrain>(validatorId).RegisterAsync(identity, connectionId, observer, newKeyState);

    public Task<HeartbeatAnswer> HeartbeatAsync(Guid validatorId, Guid connectionId) =>
        grains.GetGrain<IValidatorGrain>(validatorId).HeartbeatAsync(connectionId, observer);

    public Task DisconnectedAsync(Guid validatorId, Guid connectionId) =>
        grains.GetGrain<IValidatorGrain>(validatorId).DisconnectedAsync(connectionId);
}
