namespace Uptime.Grains;

/// <summary>The validators table (implemented over PostgreSQL by the hub).</summary>
public interface IValidatorStore
{
    Task<ValidatorPresence?> FindPresenceAsync(Guid validatorId, CancellationToken cancellationToken);

    /// <summary>Creates or updates the validator's row and marks it online.</summary>
    Task RegisterAsync(Guid validatorId, ValidatorIdentity identity, DateTime now, CancellationToken cancellationToken);

    Task RecordHeartbeatAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken);

    Task MarkOfflineAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken);
}
