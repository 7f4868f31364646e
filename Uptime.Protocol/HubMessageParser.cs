using System.Text.Json;
using Uptime.Protocol.Checks;

namespace Uptime.Protocol;

/// <summary>Parses the frames the hub sends (REGISTERED, CHECK_WEBSITE, HEARTBEAT_ACK, ERROR, TICK_ACK, CHALLENGE).</summary>
public static class HubMessageParser
{
    public const int MaxUrlLength = 2048;
    public const int MaxTypeLength = 16;

    public static ParseResult<HubMessage> Parse(ReadOnlyMemory<byte> frame)
    {
        try
        {
            return ParseFrame(frame);
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString throws on invalid UTF-8 bytes or unpaired surrogate escapes.
            return new ProtocolError(ErrorCodes.InvalidJson, "Frame contains text that is not valid Unicode");
        }
    }

    private static ParseResult<HubMessage> ParseFrame(ReadOnlyMemory<byte> frame)
    {
        var error = Envelope.Open(frame, out var document, out var type, out var payload);
        using (document)
        {
            if (error is not null)
            {
                return error;
            }

            var reader = new PayloadReader(payload);
            HubMessage? message = type switch
            {
                MessageTypes.Registered => new RegisteredMessage(
                    reader.RequiredGuid("validatorId"),
                    reader.OptionalString("message", 1024) ?? "",
                    reader.RequiredInt("connectedValidators", 0, int.MaxValue)),
                MessageTypes.CheckWebsite => new CheckWebsiteMessage(
                    ReadChecks(reader, reader.RequiredArray("websites")),
                    reader.RequiredTimestamp("timestamp")),
                MessageTypes.HeartbeatAck => new HeartbeatAckMessage(
                    reader.RequiredTimestamp("timestamp"),
                    reader.RequiredInt("activeWebsites", 0, int.MaxValue)),
                MessageTypes.Error => new ErrorMessage(
                    reader.RequiredString("code", 64),
                    reader.RequiredString("message", 4096),
                    reader.OptionalGuid("tickId")),
                MessageTypes.TickAck => new TickAckMessage(ReadGuids(reader, reader.RequiredArray("tickIds"), "tickIds")),
                MessageTypes.Challenge => new ChallengeMessage(
                    reader.RequiredString("nonce", 256),
                    reader.OptionalBool("requireSignedTicks") ?? false),
                _ => null,
            };
            if (message is null)
            {
                return new ProtocolError(ErrorCodes.UnknownType, $"Unknown message type \"{type}\"");
            }

            return reader.Error ?? new ParseResult<HubMessage>(message, null);
        }
    }

    private static List<WebsiteCheck> ReadChecks(PayloadReader reader, JsonElement websites)
    {
        var checks = new List<WebsiteCheck>();
        if (reader.Error is not null)
        {
            return checks;
        }

        var index = 0;
        foreach (var item in websites.EnumerateArray())
        {
            var itemPath = $"payload.websites[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Fail(reader, new ProtocolError(ErrorCodes.InvalidField, $"{itemPath} must be an object"));
            }

            var itemReader = new PayloadReader(item, itemPath);
            var check = new WebsiteCheck(
                itemReader.RequiredGuid("websiteId"),
                itemReader.RequiredString("url", MaxUrlLength),
                itemReader.RequiredInt("interval", 1, int.MaxValue),
                itemReader.OptionalString("checkToken", CheckToken.Length + 1),
                itemReader.OptionalString("type", MaxTypeLength),
                itemReader.OptionalObject("check")?.GetRawText());
            if (itemReader.Error is not null)
            {
                return Fail(reader, itemReader.Error);
            }

            if (check.CheckToken is { } token && !CheckToken.TryParse(token, out _))
            {
                return Fail(reader, new ProtocolError(ErrorCodes.InvalidField, $"{itemPath}.checkToken is not a valid checkToken"));
            }

            if (check.Type is { } type && (!MonitorTypeNames.TryParse(type, out var known) || known == MonitorType.Push))
            {
                return Fail(reader, new ProtocolError(ErrorCodes.InvalidField, $"{itemPath}.type must be \"http\", \"tcp\" or \"dns\""));
            }

            checks.Add(check);
        }

        return checks;
    }

    private static List<Guid> ReadGuids(PayloadReader reader, JsonElement array, string name)
    {
        var ids = new List<Guid>();
        if (reader.Error is not null)
        {
            return ids;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out var id))
            {
                reader.Fail(new ProtocolError(ErrorCodes.InvalidField, $"payload.{name}[{index}] must be a UUID"));
                return [];
            }

            ids.Add(id);
            index++;
        }

        return ids;
    }

    private static List<WebsiteCheck> Fail(PayloadReader reader, ProtocolError error)
    {
        reader.Fail(error);
        return [];
    }
}
