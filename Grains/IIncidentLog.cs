namespace Uptime.Grains;

/// <summary>
/// Incidents (implemented over PostgreSQL by the hub, which also announces each change on the live event stream). A website
/// has at most one open incident: opening while one is open returns that one, so a grain that took over after a failover
/// continues the outage its predecessor opened.
/// </summary>
public interface IIncidentLog
{
    /// <summary>The website's open incident, if any.</summary>
    Task<OpenIncident?> FindOpenAsync(Guid websiteId, CancellationToken cancellationToken);

    /// <summary>
    /// Opens an incident with the votes that opened it, or returns the open one (<see cref="OpenIncident.Opened"/> false).
    /// <paramref name="verdict"/> must be <see cref="WebsiteHealth.Down"/> or <see cref="WebsiteHealth.Degraded"/>; a website
    /// that no longer exists throws (a foreign-key violation).
    /// </summary>
    Task<OpenIncident> OpenAsync(Guid websiteId, DateTime at, WebsiteHealth verdict, string reason, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a timeline entry written by the hub, <see cref="IncidentEventKind.Confirmation"/> or
    /// <see cref="IncidentEventKind.Verdict"/>, with the votes behind it; also to an incident resolved meanwhile.
    /// </summary>
    Task AddEventAsync(Guid incidentId, DateTime at, string kind, string text, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken);

    /// <summary>Resolves the incident automatically (the recovery rule held); false when it was no longer open.</summary>
    Task<bool> ResolveAsync(Guid incidentId, DateTime at, string reason, CancellationToken cancellationToken);
}

/// <summary>The kinds of an incident's timeline entries (<c>incident_events.kind</c>).</summary>
public static class IncidentEventKind
{
    public const string Opened = "opened";
    public const string Confirmation = "confirmation";
    public const string Verdict = "verdict";
    public const string Acknowledged = "acknowledged";
    public const string Note = "note";
    public const string Resolved = "resolved";
}

/// <summary>An open incident of a website.</summary>
public sealed record OpenIncident(Guid Id, DateTime OpenedAt, bool Opened);

/// <summary>One validator's tick that is part of an incident's evidence.</summary>
[GenerateSerializer, Immutable, Alias("uptime.incident-vote")]
public sealed record IncidentVote(
    [property: Id(0)] Guid ValidatorId,
    [property: Id(1)] string Region,
    [property: Id(2)] DateTime At,
    [property: Id(3)] bool Good,
    [property: Id(4)] string? Error,
    [property: Id(5)] double LatencyMs,
    [property: Id(6)] string? Signature,
    [property: Id(7)] bool Confirmation);
