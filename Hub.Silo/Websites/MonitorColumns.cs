using System.Text.Json;
using Uptime.Grains;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Websites;

/// <summary>A website's monitor_type and check_definition columns as the grains take them.</summary>
public static class MonitorColumns
{
    public const string Names = "monitor_type, check_definition::text";

    /// <summary>The monitor (null for the plain HTTP check) and, for a push monitor, its grace in seconds.</summary>
    public static (MonitorSpec? Monitor, int PushGraceSeconds) Read(string typeName, string? check)
    {
        if (!MonitorTypeNames.TryParse(typeName, out var type))
        {
            throw new InvalidDataException($"websites.monitor_type '{typeName}' is not a monitor type");
        }

        if (type == MonitorType.Http && check is null)
        {
            return (null, 0);
        }

        var monitor = new MonitorSpec(typeName, check, CheckCapabilities.RequiredFor(type, check is not null));
        return (monitor, type == MonitorType.Push ? PushDefinition(check).GraceSeconds : 0);
    }

    private static PushCheckDefinition PushDefinition(string? check)
    {
        if (check is null)
        {
            return PushCheckDefinition.Plain;
        }

        using var document = JsonDocument.Parse(check);
        return CheckDefinitionJson.Read(MonitorType.Push, document.RootElement, "check", out _) as PushCheckDefinition ?? PushCheckDefinition.Plain;
    }
}
