using Uptime.Grains;

namespace Uptime.Hub.Live;

/// <summary>Where a received tick goes for the dashboards (<see cref="LiveFeed"/>).</summary>
public interface ILiveTicks
{
    void AddTick(LiveTick tick);
}
