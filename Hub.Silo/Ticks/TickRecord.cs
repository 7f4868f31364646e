using Uptime.Protocol.Checks;

namespace Uptime.Hub.Ticks;

/// <summary>
/// A stored tick as the API returns it. <c>Refused</c>: the validator's own policy refused the check (shown, no vote);
/// <c>Confirmation</c>: it answered a confirmation check. The rest is what the check saw (see <see cref="TickDetails"/>),
/// null where the validator did not say.
/// </summary>
public sealed record TickRecord(
    Guid Id,
    Guid WebsiteId,
    Guid ValidatorId,
    string Status,
    double Latency,
    DateTime Timestamp,
    string? Error,
    bool Refused,
    bool Confirmation,
    int? HttpStatus = null,
    TickPhases? Phases = null,
    string? Address = null,
    bool? TlsResumed = null,
    int? FailedAssertion = null,
    bool? Warm = null);
