using Uptime.Hub.Hosting;

namespace Uptime.Hub.Notifications;

/// <summary>The dashboard link of an incident (its dialog opens from <c>#incident=id</c>); none without HUB_PUBLIC_URL.</summary>
public sealed class IncidentLinks(HubOptions hub)
{
    public string? Of(Guid? incidentId) =>
        hub.PublicUrl is { } publicUrl && incidentId is { } id ? $"{publicUrl.AbsoluteUri.TrimEnd('/')}/#incident={id}" : null;
}
