using System.Text.Json;

namespace Uptime.Protocol;

/// <summary>Splits a frame into its <c>type</c> and <c>payload</c> object.</summary>
internal static class Envelope
{
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions _options = new() { MaxDepth = MaxDepth };

    public static ProtocolError? Open(ReadOnlyMemory<byte> frame, out JsonDocument? document, out string type, out JsonElement payload)
    {
        type = "";
        payload = default;
        try
        {
            document = JsonDocument.Parse(frame, _options);
        }
        catch (JsonException e)
        {
            document = null;
            return new ProtocolError(ErrorCodes.InvalidJson, $"Frame is not valid JSON: {e.Message}");
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ProtocolError(ErrorCodes.InvalidMessage, "A message must be a JSON object with \"type\" and \"payload\"");
        }

        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return new ProtocolError(ErrorCodes.InvalidMessage, "type is required and must be a string");
        }

        type = typeElement.GetString()!;
        if (!root.TryGetProperty("payload", out payload) || payload.ValueKind != JsonValueKind.Object)
        {
            return new ProtocolError(ErrorCodes.InvalidMessage, "payload is required and must be a JSON object");
        }

        return null;
    }
}
