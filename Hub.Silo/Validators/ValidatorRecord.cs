namespace Uptime.Hub.Validators;

/// <summary>
/// A row of the validators table as the API returns it, with the ticks it reported in the last minute. <c>State</c> is
/// <c>active</c>, <c>pending</c> (waiting for an operator's approval) or <c>banned</c>; the ban fields are set only when banned.
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
    string? BanReason);
