using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Uptime.Protocol;

/// <summary>Writes messages as <c>{"type":"…","payload":{…}}</c> UTF-8 JSON, camelCase, with source-generated serializers.</summary>
public static class MessageWriter
{
    public static byte[] ToUtf8(ValidatorMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] ToUtf8(HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> buffer, ValidatorMessage message)
    {
        switch (message)
        {
            case RegisterMessage m:
                Write(buffer, MessageTypes.Register, m, ProtocolJsonContext.Default.RegisterMessage);
                break;
            case HeartbeatMessage m:
                Write(buffer, MessageTypes.Heartbeat, m, ProtocolJsonContext.Default.HeartbeatMessage);
                break;
            case TickResultMessage m:
                Write(buffer, MessageTypes.TickResult, m, ProtocolJsonContext.Default.TickResultMessage);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Not a validator message");
        }
    }

    public static void Write(IBufferWriter<byte> buffer, HubMessage message)
    {
        switch (message)
        {
            case RegisteredMessage m:
                Write(buffer, MessageTypes.Registered, m, ProtocolJsonContext.Default.RegisteredMessage);
                break;
            case CheckWebsiteMessage m:
                Write(buffer, MessageTypes.CheckWebsite, m, ProtocolJsonContext.Default.CheckWebsiteMessage);
                break;
            case HeartbeatAckMessage m:
                Write(buffer, MessageTypes.HeartbeatAck, m, ProtocolJsonContext.Default.HeartbeatAckMessage);
                break;
            case ErrorMessage m:
                Write(buffer, MessageTypes.Error, m, ProtocolJsonContext.Default.ErrorMessage);
                break;
            case TickAckMessage m:
                Write(buffer, MessageTypes.TickAck, m, ProtocolJsonContext.Default.TickAckMessage);
                break;
            case ChallengeMessage m:
                Write(buffer, MessageTypes.Challenge, m, ProtocolJsonContext.Default.ChallengeMessage);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Not a hub message");
        }
    }

    private static void Write<T>(IBufferWriter<byte> buffer, string type, T payload, JsonTypeInfo<T> typeInfo)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WritePropertyName("payload"u8);
        JsonSerializer.Serialize(writer, payload, typeInfo);
        writer.WriteEndObject();
    }
}
