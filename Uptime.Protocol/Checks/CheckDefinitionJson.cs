using System.Text.Json;

namespace Uptime.Protocol.Checks;

/// <summary>
/// Reads and writes check definitions as JSON: the REST <c>check</c> field and the CHECK_WEBSITE item's <c>check</c> object
/// share this shape, so the hub validates once when saving and a validator reads exactly what was validated.
/// </summary>
public static class CheckDefinitionJson
{
    /// <summary>
    /// The definition of a monitor of <paramref name="type"/> in <paramref name="check"/> (an object; absent fields take
    /// their defaults), or null with <paramref name="problem"/> naming the first bad field under <paramref name="path"/>,
    /// e.g. "check.assertions[1].path is not a valid JMESPath expression: …".
    /// </summary>
    public static CheckDefinition? Read(MonitorType type, JsonElement check, string path, out string? problem) =>
        throw new NotImplementedException("contract: helper hub-checkdef implements");

    /// <summary>The canonical JSON of <paramref name="definition"/>: every field, in one order, so equal definitions are equal text.</summary>
    public static string Write(CheckDefinition definition) =>
        throw new NotImplementedException("contract: helper hub-checkdef implements");
}
