namespace Uptime.Hub.Validators;

/// <summary>A row of the validators table as the API returns it, with the ticks it reported in the last minute.</summary>
public sealed record ValidatorRecord(
    Guid Id,
    string PublicKey,
    string Location,
    string IpAddress,
    bool Online,
    DateTime? LastHeartbeat,
    DateTime CreatedAt,
    int TicksPerMinute);
