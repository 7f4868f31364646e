using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Uptime.Protocol.Checks.Json;

namespace Uptime.Protocol.Checks;

/// <summary>
/// Reads and writes check definitions as JSON: the REST <c>check</c> field and the CHECK_WEBSITE item's <c>check</c> object
/// share this shape, so the hub validates once when saving and a validator reads exactly what was validated.
/// </summary>
public static class CheckDefinitionJson
{
    // The text goes into JSON documents only (API answers, frames), never into HTML: "<", ">" and non-ASCII stay readable.
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The definition of a monitor of <paramref name="type"/> in <paramref name="check"/> (an object; absent fields take
    /// their defaults), or null with <paramref name="problem"/> naming the first bad field under <paramref name="path"/>,
    /// e.g. "check.assertions[1].path is not a valid JMESPath expression: …".
    /// </summary>
    public static CheckDefinition? Read(MonitorType type, JsonElement check, string path, out string? problem)
    {
        problem = null;
        try
        {
            return type switch
            {
                MonitorType.Http => HttpCheckJson.Read(check, path),
                MonitorType.Tcp => OtherCheckJson.ReadTcp(check, path),
                MonitorType.Dns => OtherCheckJson.ReadDns(check, path),
                MonitorType.Push => OtherCheckJson.ReadPush(check, path),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
            };
        }
        catch (CheckDefinitionProblem e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>The canonical JSON of <paramref name="definition"/>: every field, in one order, so equal definitions are equal text.</summary>
    public static string Write(CheckDefinition definition) => Text(writer =>
    {
        writer.WriteStartObject();
        switch (definition)
        {
            case HttpCheckDefinition http:
                HttpCheckJson.Write(writer, http);
                break;
            case TcpCheckDefinition tcp:
                OtherCheckJson.Write(writer, tcp);
                break;
            case DnsCheckDefinition dns:
                OtherCheckJson.Write(writer, dns);
                break;
            case PushCheckDefinition push:
                OtherCheckJson.Write(writer, push);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(definition), definition.GetType().Name, null);
        }

        writer.WriteEndObject();
    });

    /// <summary>The plain check of a monitor of <paramref name="type"/>: what an absent or empty <c>check</c> means.</summary>
    public static CheckDefinition Plain(MonitorType type) => type switch
    {
        MonitorType.Http => HttpCheckDefinition.Plain,
        MonitorType.Tcp => TcpCheckDefinition.Plain,
        MonitorType.Dns => DnsCheckDefinition.Plain,
        MonitorType.Push => PushCheckDefinition.Plain,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Whether <paramref name="definition"/> is its type's plain check (compared by canonical text: the records hold lists).</summary>
    public static bool IsPlain(CheckDefinition definition) => Write(definition) == Write(Plain(definition.Type));

    /// <summary><paramref name="value"/> as compact JSON text in this writer's escaping.</summary>
    internal static string Compact(JsonElement value) => Text(value.WriteTo);

    private static string Text(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
