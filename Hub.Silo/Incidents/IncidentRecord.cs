namespace Uptime.Hub.Incidents;

/// <summary>An incidents row with its website's URL.</summary>
public sealed record IncidentRecord(
    Guid Id,
    Guid WebsiteId,
    string WebsiteUrl,
    string Verdict,
    string Reason,
    DateTime OpenedAt,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTime? ResolvedAt,
    string? ResolvedBy,
    string? Resolution);

/// <summary>One vote of a timeline entry: a validator's tick, with the validator's public key when it was known.</summary>
public sealed record IncidentVoteView(
    Guid ValidatorId,
    string? PublicKey,
    string Region,
    DateTime At,
    string Status,
    string? Error,
    double LatencyMs,
    string? Signature,
    bool Confirmation);
