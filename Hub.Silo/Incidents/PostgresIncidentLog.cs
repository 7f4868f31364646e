using Uptime.Grains;
using Uptime.Hub.Live;

namespace Uptime.Hub.Incidents;

/// <summary>
/// The incident log the website grains write to: PostgreSQL (<see cref="IncidentRepository"/>), then, after the commit, an
/// <c>incident.opened</c> or <c>incident.resolved</c> event on every silo's live streams. Returning the open incident instead
/// of opening one announces nothing: it was announced when it opened.
/// </summary>
public sealed class PostgresIncidentLog(IncidentRepository incidents, ILiveIncidents live) : IIncidentLog
{
    public Task<OpenIncident?> FindOpenAsync(Guid websiteId, CancellationToken cancellationToken) =>
        incidents.FindOpenAsync(websiteId, cancellationToken);

    public async Task<OpenIncident> OpenAsync(
        Guid websiteId, DateTime at, WebsiteHealth verdict, string reason, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken)
    {
        var incident = await incidents.OpenAsync(websiteId, at, verdict, reason, votes, cancellationToken);
        if (incident.Opened)
        {
            live.AddIncidentChange(new IncidentChange(incident.Id, websiteId, IncidentEventKind.Opened, at, null, reason));
        }

        return incident;
    }

    public Task AddEventAsync(Guid incidentId, DateTime at, string kind, string text, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken) =>
        incidents.AddEventAsync(incidentId, at, kind, text, votes, cancellationToken);

    public async Task<bool> ResolveAsync(Guid incidentId, DateTime at, string reason, CancellationToken cancellationToken)
    {
        var written = await incidents.ResolveAsync(incidentId, at, IncidentRepository.Automatic, reason, cancellationToken);
        if (written.Outcome != IncidentWriteOutcome.Done)
        {
            return false;
        }

        live.AddIncidentChange(new IncidentChange(incidentId, written.WebsiteId, IncidentEventKind.Resolved, at, IncidentRepository.Automatic, reason));
        return true;
    }
}
