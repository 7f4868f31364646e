namespace Uptime.Hub.Ticks;

/// <summary>A stored tick as the API returns it.</summary>
public sealed record TickRecord(Guid Id, Guid WebsiteId, Guid ValidatorId, string Status, double Latency, DateTime Timestamp, string? Error);
