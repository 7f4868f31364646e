namespace Uptime.Hub.Persistence;

/// <summary>One website_ticks row waiting to be written, with the reporting validator's location for the rollups.</summary>
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
    ITickAcknowledger? AckTo = null);

/// <summary>Who is told when a tick is durably stored (the connection that sent it with a tickId).</summary>
public interface ITickAcknowledger
{
    void Acknowledge(IReadOnlyList<Guid> tickIds);
}
