using System.Text.Json;
using Uptime.Grains;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Push;

/// <summary>How long after its interval a push monitor waits for a missing push: its check definition's grace.</summary>
public static class PushGrace
{
    /// <summary>The grace of a push monitor in seconds (the default when its check sets none); 0 for any other monitor.</summary>
    public static int SecondsOf(MonitorSpec? monitor)
    {
        if (monitor is not { Type: MonitorSpec.PushType })
        {
            return 0;
        }

        if (monitor.Check is null)
        {
            return PushCheckDefinition.DefaultGraceSeconds;
        }

        using var document = JsonDocument.Parse(monitor.Check);
        return (CheckDefinitionJson.Read(MonitorType.Push, document.RootElement, "check", out _) as PushCheckDefinition ?? PushCheckDefinition.Plain).GraceSeconds;
    }
}
