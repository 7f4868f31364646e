namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>Incidents in memory, one open per website like the PostgreSQL log, with every call recorded.</summary>
public sealed class RecordingIncidentLog : IIncidentLog
{
    private readonly Lock _lock = new();
    private readonly List<RecordedIncident> _incidents = [];

    public IReadOnlyList<RecordedIncident> For(Guid websiteId)
    {
        lock (_lock)
        {
            return [.. _incidents.Where(i => i.WebsiteId == websiteId)];
        }
    }

    /// <summary>Resolves the open incident as an operator would, through the API.</summary>
    public void ResolveByOperator(Guid websiteId)
    {
        lock (_lock)
        {
            _incidents.Single(i => i.WebsiteId == websiteId && i.ResolvedAt is null).ResolvedAt = DateTime.UtcNow;
        }
    }

    public Task<OpenIncident?> FindOpenAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_incidents.SingleOrDefault(i => i.WebsiteId == websiteId && i.ResolvedAt is null) is { } open
                ? new OpenIncident(open.Id, open.OpenedAt, false)
                : null);
        }
    }

    public Task<OpenIncident> OpenAsync(
        Guid websiteId, DateTime at, WebsiteHealth verdict, string reason, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_incidents.SingleOrDefault(i => i.WebsiteId == websiteId && i.ResolvedAt is null) is { } open)
            {
                return Task.FromResult(new OpenIncident(open.Id, open.OpenedAt, false));
            }

            var incident = new RecordedIncident(Guid.NewGuid(), websiteId, at, verdict, reason, votes);
            _incidents.Add(incident);
            return Task.FromResult(new OpenIncident(incident.Id, at, true));
        }
    }

    public Task AddEventAsync(Guid incidentId, DateTime at, string kind, string text, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _incidents.Single(i => i.Id == incidentId).Events.Add((kind, text, votes));
        }

        return Task.CompletedTask;
    }

    public Task<bool> ResolveAsync(Guid incidentId, DateTime at, string reason, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var incident = _incidents.Single(i => i.Id == incidentId);
            if (incident.ResolvedAt is not null)
            {
                return Task.FromResult(false);
            }

            incident.ResolvedAt = at;
            incident.Resolution = reason;
            return Task.FromResult(true);
        }
    }
}

public sealed record RecordedIncident(Guid Id, Guid WebsiteId, DateTime OpenedAt, WebsiteHealth Verdict, string Reason, IReadOnlyList<IncidentVote> Votes)
{
    public DateTime? ResolvedAt { get; set; }

    public string? Resolution { get; set; }

    public List<(string Kind, string Text, IReadOnlyList<IncidentVote> Votes)> Events { get; } = [];
}
