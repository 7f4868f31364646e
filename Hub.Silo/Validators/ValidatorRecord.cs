namespace Uptime.Hub.Validators;

/// <summary>
/// A row of the validators table as the API returns it, with the ticks it reported in the last minute. <c>State</c> is
/// <c>active</c>, <c>pending</c> (waiting for an operator's approval) or <c>banned</c>; the ban fields are set only when banned.
/// <c>Impaired</c>: the validator failed its canaries (since <c>ImpairedSince</c>, why in <c>ImpairedReason</c>); its ticks
/// are shown but do not vote until it passes a canary round.
/// </summary>
public sealed record ValidatorRecord(
    Guid Id,
    string PublicKey,
    string Location,
    string IpAddress,
    bool Online,
    DateTime? LastHeartbeat,
    DateTime CreatedAt,
    int TicksPerMinute,
    string State,
    DateTime? BannedAt,
    string? BannedBy,
    string? BanReason,
    bool Impaired,
    DateTime? ImpairedSince,
    string? ImpairedReason);
