using System.Buffers;
using System.Text;

namespace Uptime.Protocol.Tests;

public class MessageWriterTests
{
    private const string PublicKey = "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1";

    private static readonly Guid _websiteId = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    private static readonly Guid _otherWebsiteId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static readonly Guid _validatorId = Guid.Parse("9b2d6c1e-7a3f-4e8b-b5d2-0c4a1f6e8d93");
    private static readonly DateTime _timestamp = new(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ToUtf8_Register_WritesTypeAndCamelCasePayload()
    {
        var json = Write(new RegisterMessage(PublicKey, "US-East Virginia"));

        Assert.Equal(
            $$$"""{"type":"REGISTER","payload":{"publicKey":"{{{PublicKey}}}","location":"US-East Virginia"}}""",
            json);
    }

    [Fact]
    public void ToUtf8_Heartbeat_WritesUtcTimestampWithZ()
    {
        var json = Write(new HeartbeatMessage(_timestamp));

        Assert.Equal("""{"type":"HEARTBEAT","payload":{"timestamp":"2025-11-20T12:00:00Z"}}""", json);
    }

    [Fact]
    public void ToUtf8_TickResultGoodWithNullError_WritesStatusNameAndNullError()
    {
        var json = Write(new TickResultMessage(_websiteId, TickStatus.Good, 85.5, _timestamp, null));

        Assert.Equal(
            $$$"""{"type":"TICK_RESULT","payload":{"websiteId":"{{{_websiteId}}}","status":"Good","latency":85.5,"timestamp":"2025-11-20T12:00:00Z","error":null}}""",
            json);
    }

    [Fact]
    public void ToUtf8_TickResultBadWithError_WritesBadAndErrorString()
    {
        var json = Write(new TickResultMessage(_websiteId, TickStatus.Bad, 10000, _timestamp, "Request timed out"));

        Assert.Equal(
            $$$"""{"type":"TICK_RESULT","payload":{"websiteId":"{{{_websiteId}}}","status":"Bad","latency":10000,"timestamp":"2025-11-20T12:00:00Z","error":"Request timed out"}}""",
            json);
    }

    [Fact]
    public void ToUtf8_UtcTimestampWithFraction_EndsInZ()
    {
        var json = Write(new HeartbeatMessage(_timestamp.AddMilliseconds(123)));

        Assert.Equal("""{"type":"HEARTBEAT","payload":{"timestamp":"2025-11-20T12:00:00.123Z"}}""", json);
    }

    [Fact]
    public void ToUtf8_Registered_WritesTypeAndCamelCasePayload()
    {
        var json = Write(new RegisteredMessage(_validatorId, "Successfully registered", 3));

        Assert.Equal(
            $$$"""{"type":"REGISTERED","payload":{"validatorId":"{{{_validatorId}}}","message":"Successfully registered","connectedValidators":3}}""",
            json);
    }

    [Fact]
    public void ToUtf8_CheckWebsite_WritesWebsitesArrayAndTimestamp()
    {
        var json = Write(new CheckWebsiteMessage(
            [new WebsiteCheck(_websiteId, "https://google.com", 30), new WebsiteCheck(_otherWebsiteId, "https://example.org/health", 60)],
            _timestamp));

        Assert.Equal(
            $$$"""{"type":"CHECK_WEBSITE","payload":{"websites":[{"websiteId":"{{{_websiteId}}}","url":"https://google.com","interval":30},{"websiteId":"{{{_otherWebsiteId}}}","url":"https://example.org/health","interval":60}],"timestamp":"2025-11-20T12:00:00Z"}}""",
            json);
    }

    [Fact]
    public void ToUtf8_HeartbeatAck_WritesTypeAndCamelCasePayload()
    {
        var json = Write(new HeartbeatAckMessage(_timestamp, 5));

        Assert.Equal("""{"type":"HEARTBEAT_ACK","payload":{"timestamp":"2025-11-20T12:00:00Z","activeWebsites":5}}""", json);
    }

    [Fact]
    public void ToUtf8_Error_WritesCodeAndMessage()
    {
        var json = Write(new ErrorMessage(ErrorCodes.UnknownType, "Unknown message type"));

        Assert.Equal("""{"type":"ERROR","payload":{"code":"unknown_type","message":"Unknown message type"}}""", json);
    }

    [Fact]
    public void Write_ToBufferWriter_WritesSameBytesAsToUtf8()
    {
        var message = new TickResultMessage(_websiteId, TickStatus.Good, 85.5, _timestamp, null);
        var buffer = new ArrayBufferWriter<byte>();

        MessageWriter.Write(buffer, message);

        Assert.Equal(MessageWriter.ToUtf8(message), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Write_UnknownValidatorMessage_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageWriter.ToUtf8(new UnknownValidatorMessage()));
    }

    [Fact]
    public void Write_UnknownHubMessage_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageWriter.ToUtf8(new UnknownHubMessage()));
    }

    [Fact]
    public void RoundTrip_Register_ParsesToEqualRecord()
    {
        var message = new RegisterMessage(PublicKey, "EU-West Ireland");

        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void RoundTrip_Heartbeat_ParsesToEqualRecord()
    {
        var message = new HeartbeatMessage(_timestamp.AddTicks(1234567));

        Assert.Equal(message, RoundTrip(message));
    }

    [Theory]
    [InlineData(TickStatus.Good, 85.5, null)]
    [InlineData(TickStatus.Good, 0.1, null)]
    [InlineData(TickStatus.Bad, 10000.0, "Request timed out")]
    [InlineData(TickStatus.Bad, 0.0, "Name \"example.org\" not resolved <é>")]
    public void RoundTrip_TickResult_ParsesToEqualRecord(TickStatus status, double latency, string? error)
    {
        var message = new TickResultMessage(_websiteId, status, latency, _timestamp, error);

        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void RoundTrip_Registered_ParsesToEqualRecord()
    {
        var message = new RegisteredMessage(_validatorId, "Successfully registered", 3);

        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void RoundTrip_CheckWebsite_ParsesToEqualChecks()
    {
        var message = new CheckWebsiteMessage(
            [
                new WebsiteCheck(_websiteId, "https://google.com", 30),
                new WebsiteCheck(_otherWebsiteId, "https://example.org/search?q=a&b=<c>", 60),
            ],
            _timestamp);

        var parsed = Assert.IsType<CheckWebsiteMessage>(RoundTrip(message));

        Assert.Equal(message.Timestamp, parsed.Timestamp);
        Assert.Equal(message.Websites, parsed.Websites);
    }

    [Fact]
    public void RoundTrip_HeartbeatAck_ParsesToEqualRecord()
    {
        var message = new HeartbeatAckMessage(_timestamp, 5);

        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void RoundTrip_Error_ParsesToEqualRecord()
    {
        var message = new ErrorMessage(ErrorCodes.MissingField, "payload.websites[1].url is required");

        Assert.Equal(message, RoundTrip(message));
    }

    private static string Write(ValidatorMessage message) => Encoding.UTF8.GetString(MessageWriter.ToUtf8(message));

    private static string Write(HubMessage message) => Encoding.UTF8.GetString(MessageWriter.ToUtf8(message));

    private static ValidatorMessage RoundTrip(ValidatorMessage message)
    {
        var result = ValidatorMessageParser.Parse(MessageWriter.ToUtf8(message));
        Assert.Null(result.Error);
        return Assert.IsAssignableFrom<ValidatorMessage>(result.Message);
    }

    private static HubMessage RoundTrip(HubMessage message)
    {
        var result = HubMessageParser.Parse(MessageWriter.ToUtf8(message));
        Assert.Null(result.Error);
        return Assert.IsAssignableFrom<HubMessage>(result.Message);
    }

    private sealed record UnknownValidatorMessage : ValidatorMessage;

    private sealed record UnknownHubMessage : HubMessage;
}
