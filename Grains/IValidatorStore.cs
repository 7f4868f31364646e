namespace Uptime.Grains;

/// <summary>The validators table (implemented over PostgreSQL by the hub).</summary>
public interface IValidatorStore
{
    Task<ValidatorPresence?> FindPresenceAsync(Guid validatorId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the validator's row as <paramref name="newKeyState"/>, or updates it; an active validator (a pending one
    /// too when <paramref name="newKeyState"/> is active, which makes it active) is marked online, a banned one keeps its
    /// row as the operator left it. Returns the standing after the registration.
    /// </summary>
    Task<ValidatorStanding> RegisterAsync(
        Guid validatorId, ValidatorIdentity identity, ValidatorState newKeyState, DateTime now, CancellationToken cancellationToken);

    Task RecordHeartbeatAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken);

    Task MarkOfflineAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken);

    Task BanAsync(Guid validatorId, string bannedBy, string? reason, DateTime now, CancellationToken cancellationToken);

    /// <summary>Makes the validator active, forgetting a ban.</summary>
    Task ActivateAsync(Guid validatorId, DateTime now, CancellationToken cancellationToken);

    Task DeleteAsync(Guid validatorId, CancellationToken cancellationToken);

    /// <summary>Marks the validator impaired since <paramref name="since"/> for <paramref name="reason"/>, or not impaired when both are null.</summary>
    Task SetImpairedAsync(Guid validatorId, DateTime? since, string? reason, CancellationToken cancellationToken);
}
