namespace Uptime.Grains;

/// <summary>The stored online state of a validator and the operator's decision about it.</summary>
public sealed record ValidatorPresence(bool Online, DateTime? LastHeartbeat, ValidatorState State = ValidatorState.Active, string? BanReason = null)
{
    public ValidatorStanding Standing => new(State, BanReason);
}
