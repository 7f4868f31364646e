namespace Uptime.Grains;

/// <summary>
/// One validator (key: validator id): identity, online state, heartbeat watch, its current connection, and the operator's
/// decisions about it (ban, approval, deletion), which close its connection at once wherever it is.
/// </summary>
public interface IValidatorGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Records the registration and, when the validator is active, makes <paramref name="connectionId"/> its only
    /// connection. A key never seen before is stored as <paramref name="newKeyState"/> (active, or pending in approval
    /// mode); a pending key registering while <paramref name="newKeyState"/> is active becomes active. Returns the standing,
    /// which refuses the registration unless active.
    /// </summary>
    Task<ValidatorStanding> RegisterAsync(ValidatorIdentity identity, Guid connectionId, IValidatorConnection connection, ValidatorState newKeyState);

    /// <summary>Records a heartbeat of an active validator's current connection.</summary>
    Task<HeartbeatAnswer> HeartbeatAsync(Guid connectionId, IValidatorConnection connection);

    /// <summary>The socket closed; marks the validator offline if it was the current connection.</summary>
    Task DisconnectedAsync(Guid connectionId);

    /// <summary>
    /// Bans the validator (unless already banned, which keeps the first ban's author, time and reason) and closes its
    /// connection; returns the state it had, or null when no validator has this id.
    /// </summary>
    Task<ValidatorState?> BanAsync(string bannedBy, string? reason);

    /// <summary>Makes a banned validator active again; returns the state it had, or null when no validator has this id.</summary>
    Task<ValidatorState?> UnbanAsync();

    /// <summary>Makes a pending validator active; returns the state it had (a banned one stays banned), or null when unknown.</summary>
    Task<ValidatorState?> ApproveAsync();

    /// <summary>Closes the validator's connection and deletes its row; false when no validator has this id.</summary>
    Task<bool> DeleteAsync();

    /// <summary>
    /// How the validator did in its latest canary round (from the silo holding its socket); decides whether it is impaired
    /// (by <c>ImpairmentRule</c>), recording each change in its row.
    /// </summary>
    Task<CanaryStanding> CanaryRoundAsync(CanaryRound round);
}
