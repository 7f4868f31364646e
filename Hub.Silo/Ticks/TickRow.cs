namespace Uptime.Hub.Ticks;

/// <summary>
/// One website_ticks row waiting to be written, with the reporting validator's location for the rollups. <c>Id</c>
/// is the tick id of the check it answers (see <see cref="Dispatch.CheckTokens"/>), so a check is stored once.
/// <c>Refused</c>: the validator's own policy refused the check (stored and shown, left out of the rollups);
/// <c>Confirmation</c>: it answered a confirmation check. <c>Details</c>: what the check saw beyond the spec's fields.
/// </summary>
public sealed record TickRow(
    Guid Id,
    Guid WebsiteId,
    Guid ValidatorId,
    DateTime Timestamp,
    bool Good,
    double Latency,
    string? Error,
    DateTime ReceivedAt,
    string Location,
    TickAck? Ack = null,
    bool Refused = false,
    bool Confirmation = false,
    TickDetails? Details = null);

/// <summary>The connection to tell, with the validator's own tickId, once the row is durably stored.</summary>
public readonly record struct TickAck(ITickAcknowledger To, Guid TickId);

/// <summary>Who is told when a tick is durably stored (the connection that sent it with a tickId).</summary>
public interface ITickAcknowledger
{
    void Acknowledge(IReadOnlyList<Guid> tickIds);
}
