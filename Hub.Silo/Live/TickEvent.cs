using Uptime.Grains;

namespace Uptime.Hub.Live;

/// <summary>A tick as the dashboard's <c>ticks</c> event carries it.</summary>
public sealed record TickEvent(
    Guid WebsiteId,
    Guid ValidatorId,
    string Location,
    string Status,
    double Latency,
    DateTime Timestamp,
    string? Error,
    WebsiteHealth WebsiteStatus)
{
    public static TickEvent From(LiveTick tick) => new(
        tick.WebsiteId,
        tick.ValidatorId,
        tick.Location,
        tick.Good ? "Good" : "Bad",
        tick.Latency,
        tick.Timestamp,
        tick.Error,
        tick.WebsiteStatus);
}
