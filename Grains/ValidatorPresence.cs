namespace Uptime.Grains;

/// <summary>
/// The stored online state of a validator, the operator's decision about it, and since when it is impaired (failing its
/// canaries; null when not).
/// </summary>
public sealed record ValidatorPresence(
    bool Online, DateTime? LastHeartbeat, ValidatorState State = ValidatorState.Active, string? BanReason = null, DateTime? ImpairedSince = null)
{
    public ValidatorStanding Standing => new(State, BanReason);
}
