using System.Text.Json.Serialization;

namespace Uptime.Hub.Incidents;

/// <summary>
/// An incident as the API shows it: <see cref="State"/> <c>open</c> or <c>resolved</c>, <see cref="DurationSeconds"/> from
/// its opening to its resolution, or to now while it is open.
/// </summary>
public record IncidentView(
    Guid Id,
    Guid WebsiteId,
    string WebsiteUrl,
    string Verdict,
    string Reason,
    string State,
    DateTime OpenedAt,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTime? ResolvedAt,
    string? ResolvedBy,
    string? Resolution,
    double DurationSeconds)
{
    public static IncidentView From(IncidentRecord incident, DateTime now) => new(
        incident.Id,
        incident.WebsiteId,
        incident.WebsiteUrl,
        incident.Verdict,
        incident.Reason,
        incident.ResolvedAt is null ? IncidentListQuery.Open : IncidentListQuery.Resolved,
        incident.OpenedAt,
        incident.AcknowledgedAt,
        incident.AcknowledgedBy,
        incident.ResolvedAt,
        incident.ResolvedBy,
        incident.Resolution,
        Math.Max(0, ((incident.ResolvedAt ?? now) - incident.OpenedAt).TotalSeconds));
}

/// <summary>One incident with its timeline, oldest entry first, each with the votes behind it.</summary>
public sealed record IncidentDetailView : IncidentView
{
    private IncidentDetailView(IncidentView incident, IReadOnlyList<IncidentEventView> timeline)
        : base(incident) => Timeline = timeline;

    [JsonPropertyOrder(1)]
    public IReadOnlyList<IncidentEventView> Timeline { get; }

    public static IncidentDetailView From(IncidentRecord incident, IReadOnlyList<IncidentEventView> timeline, DateTime now) =>
        new(IncidentView.From(incident, now), timeline);
}

/// <summary>
/// A timeline entry: <see cref="Kind"/> <c>opened</c>, <c>confirmation</c>, <c>verdict</c>, <c>acknowledged</c>, <c>note</c> or
/// <c>resolved</c>; <see cref="Actor"/> the operator, <c>auto</c> for the recovery rule, null for the hub; <see cref="Votes"/> as
/// stored (see <c>sql/108_incidents.sql</c>).
/// </summary>
public sealed record IncidentEventView(long Id, DateTime At, string Kind, string? Actor, string Text, IReadOnlyList<IncidentVoteView> Votes);
