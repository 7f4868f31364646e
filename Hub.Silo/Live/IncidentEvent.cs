using Uptime.Grains;

namespace Uptime.Hub.Live;

/// <summary>
/// An incident change as the stream carries it: event type <c>incident.opened</c>, <c>incident.acknowledged</c>,
/// <c>incident.note</c> or <c>incident.resolved</c>; <see cref="Text"/> is the reason it opened, the operator's note or the
/// resolution.
/// </summary>
public sealed record IncidentEvent(Guid Id, Guid WebsiteId, string Kind, DateTime At, string? Actor, string Text)
{
    public static string EventType(IncidentChange change) => $"incident.{change.Kind}";

    public static IncidentEvent From(IncidentChange change) =>
        new(change.IncidentId, change.WebsiteId, change.Kind, change.At, change.Actor, change.Text);
}
