namespace Uptime.Grains;

/// <summary>One validator (key: validator id): identity, online state, heartbeat watch and its current connection.</summary>
public interface IValidatorGrain : IGrainWithGuidKey
{
    /// <summary>Records the registration and makes <paramref name="connectionId"/> the validator's only connection.</summary>
    Task RegisterAsync(ValidatorIdentity identity, Guid connectionId, IValidatorConnection connection);

    /// <summary>Records a heartbeat; false when this connection is no longer the validator's current one.</summary>
    Task<bool> HeartbeatAsync(Guid connectionId, IValidatorConnection connection);

    /// <summary>The socket closed; marks the validator offline if it was the current connection.</summary>
    Task DisconnectedAsync(Guid connectionId);
}
