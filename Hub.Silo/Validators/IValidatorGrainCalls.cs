using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>What a connection tells its validator's grain (see <see cref="IValidatorGrain"/>).</summary>
internal interface IValidatorGrainCalls
{
    Task RegisterAsync(Guid validatorId, ValidatorIdentity identity, Guid connectionId);

    /// <summary>False when a newer connection of the same validator has replaced this one.</summary>
    Task<bool> HeartbeatAsync(Guid validatorId, Guid connectionId);

    Task DisconnectedAsync(Guid validatorId, Guid connectionId);
}

/// <summary>The calls to the validator grain, naming the connection's observer through which the grain closes it.</summary>
internal sealed class ValidatorGrainCalls(IGrainFactory grains, IValidatorConnection observer) : IValidatorGrainCalls
{
    public Task RegisterAsync(Guid validatorId, ValidatorIdentity identity, Guid connectionId) =>
        grains.GetGrain<IValidatorGrain>(validatorId).RegisterAsync(identity, connectionId, observer);

    public Task<bool> HeartbeatAsync(Guid validatorId, Guid connectionId) =>
        grains.GetGrain<IValidatorGrain>(validatorId).HeartbeatAsync(connectionId, observer);

    public Task DisconnectedAsync(Guid validatorId, Guid connectionId) =>
        grains.GetGrain<IValidatorGrain>(validatorId).DisconnectedAsync(connectionId);
}
