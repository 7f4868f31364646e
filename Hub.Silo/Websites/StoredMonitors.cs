using System.Collections.Concurrent;
using System.Text.Json;
using Uptime.Grains;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Websites;

/// <summary>
/// The <see cref="MonitorSpec"/> of a websites row (<c>monitor_type</c>, <c>check_definition</c>): null for a plain HTTP
/// website, else one shared instance per distinct type and definition, so 50,000 websites with the same keyword check hold
/// one spec, not 50,000 copies of its text. jsonb gives the definition back with its keys reordered and spaced, so the
/// spec carries it rewritten in <see cref="CheckDefinitionJson"/>'s canonical text.
/// </summary>
public static class StoredMonitors
{
    /// <summary>Distinct specs kept; past it the cache starts over (specs handed out stay valid, only the sharing restarts).</summary>
    public const int MaxShared = 4096;

    private static readonly ConcurrentDictionary<(string Type, string? Check), MonitorSpec> _shared = new();

    public static MonitorSpec? Spec(string typeName, string? storedCheck)
    {
        if (typeName == MonitorTypeNames.Http && storedCheck is null)
        {
            return null;
        }

        var key = (typeName, storedCheck);
        if (_shared.TryGetValue(key, out var spec))
        {
            return spec;
        }

        if (!MonitorTypeNames.TryParse(typeName, out var type))
        {
            throw new InvalidDataException($"websites.monitor_type \"{typeName}\" is no monitor type");
        }

        var check = storedCheck is null ? null : Canonical(type, storedCheck);
        spec = new MonitorSpec(typeName, check, CheckCapabilities.RequiredFor(type, check is not null));
        if (_shared.Count >= MaxShared)
        {
            _shared.Clear();
        }

        return _shared.GetOrAdd(key, spec);
    }

    /// <summary>A push monitor's grace (its check definition's, the default when it has none); 0 for other monitors.</summary>
    public static int PushGraceSeconds(MonitorSpec? monitor)
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
        return ((PushCheckDefinition)CheckDefinitionJson.Read(MonitorType.Push, document.RootElement, "check", out _)!).GraceSeconds;
    }

    private static string Canonical(MonitorType type, string storedCheck)
    {
        using var document = JsonDocument.Parse(storedCheck);
        var definition = CheckDefinitionJson.Read(type, document.RootElement, "check_definition", out var problem)
            ?? throw new InvalidDataException($"websites.check_definition is not a valid {MonitorTypeNames.NameOf(type)} check: {problem}");
        return CheckDefinitionJson.Write(definition);
    }
}
