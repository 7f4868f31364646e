using Uptime.Grains;

namespace Uptime.Hub.Live;

/// <summary>Where a committed change of an incident goes for the dashboards (<see cref="LiveFeed"/>).</summary>
public interface ILiveIncidents
{
    void AddIncidentChange(IncidentChange change);
}
