using Uptime.Hub.Hosting;

namespace Uptime.Hub.Notifications;

/// <summary>
/// Dashboard links for messages: an incident's dialog opens from <c>#incident=id</c>, a website's detail from
/// <c>#site=id</c>; none without HUB_PUBLIC_URL.
/// </summary>
public sealed class DashboardLinks(HubOptions hub)
{
    public string? Incident(Guid? incidentId) => Link("incident", incidentId);

    public string? Website(Guid? websiteId) => Link("site", websiteId);

    private string? Link(string name, Guid? id) =>
        hub.PublicUrl is { } publicUrl && id is { } value ? $"{publicUrl.AbsoluteUri.TrimEnd('/')}/#{name}={value}" : null;
}
