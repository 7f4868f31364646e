namespace Uptime.Grains;

/// <summary>Whether an operator lets a validator take part (the <c>state</c> column of the validators table).</summary>
[GenerateSerializer, Alias("uptime.validator-state")]
public enum ValidatorState
{
    /// <summary>Registers and receives checks.</summary>
    Active,

    /// <summary>First seen while <c>HUB_VALIDATOR_ENROLLMENT=approval</c>: refused at REGISTER until an operator approves it.</summary>
    Pending,

    /// <summary>Refused at REGISTER, with the operator's reason, until an operator unbans it.</summary>
    Banned,
}

/// <summary>A validator's <see cref="ValidatorState"/> and, when banned, the operator's reason (null when none was given).</summary>
[GenerateSerializer, Immutable, Alias("uptime.validator-standing")]
public sealed record ValidatorStanding(
    [property: Id(0)] ValidatorState State,
    [property: Id(1)] string? BanReason = null)
{
    public static readonly ValidatorStanding Active = new(ValidatorState.Active);
}

/// <summary>
/// The validator grain's answer to a heartbeat: <see cref="Current"/> is false when a newer connection replaced this one;
/// a <see cref="Standing"/> other than active means the validator may no longer take part.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.heartbeat-answer")]
public sealed record HeartbeatAnswer(
    [property: Id(0)] bool Current,
    [property: Id(1)] ValidatorStanding Standing);
