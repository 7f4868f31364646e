using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uptime.Protocol;

/// <summary>
/// Writes a string property that holds JSON text (already validated, e.g. a saved check definition) as that JSON, not as
/// a string; so a check definition is serialized once when saved, not once per frame.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value, skipInputValidation: true);
}
