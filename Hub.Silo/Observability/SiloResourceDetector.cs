using OpenTelemetry.Resources;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Observability;

/// <summary>The service and silo the metrics come from, known once the settings are read.</summary>
public sealed class SiloResourceDetector(HubOptions hub) : IResourceDetector
{
    public Resource Detect()
    {
        var silo = ObservabilityHosting.SiloLabel(hub);
        return new Resource(new Dictionary<string, object>
        {
            ["service.name"] = ObservabilityHosting.ServiceName,
            ["service.instance.id"] = silo,
            [HubMetrics.SiloTag] = silo,
        });
    }
}
