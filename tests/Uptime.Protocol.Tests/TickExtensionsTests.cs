using System.Text;

namespace Uptime.Protocol.Tests;

/// <summary>Our backward-compatible extension: TICK_RESULT's optional <c>tickId</c> and the hub's TICK_ACK.</summary>
public class TickExtensionsTests
{
    private const string WebsiteId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string TickId = "0193a0c4-7b2e-7c3d-9f1a-2b3c4d5e6f70";
    private const string OtherTickId = "0193a0c4-7b2e-7c3d-9f1a-2b3c4d5e6f71";

    private static readonly DateTime _timestamp = new(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Parse_TickResultWithTickId_ReturnsTickId()
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick($$$""","tickId":"{{{TickId}}}" """)));

        Assert.Null(result.Error);
        var tick = Assert.IsType<TickResultMessage>(result.Message);
        Assert.Equal(Guid.Parse(TickId), tick.TickId);
        Assert.Equal(Guid.Parse(WebsiteId), tick.WebsiteId);
    }

    [Fact]
    public void Parse_SpecTickResultWithoutTickId_ReturnsNullTickId()
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick("")));

        Assert.Null(result.Error);
        Assert.Null(Assert.IsType<TickResultMessage>(result.Message).TickId);
    }

    [Fact]
    public void Parse_TickResultWithNullTickId_ReturnsNullTickId()
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick(""","tickId":null""")));

        Assert.Null(result.Error);
        Assert.Null(Assert.IsType<TickResultMessage>(result.Message).TickId);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("")]
    [InlineData("0193a0c4-7b2e-7c3d-9f1a-2b3c4d5e6f7")]
    public void Parse_TickResultWithBadTickId_ReturnsInvalidField(string tickId)
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick($$$""","tickId":"{{{tickId}}}" """)));

        Assert.Null(result.Message);
        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, "payload.tickId must be a UUID"), result.Error);
    }

    [Fact]
    public void ToUtf8_TickResultWithoutTickId_OmitsTickId()
    {
        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(new TickResultMessage(Guid.Parse(WebsiteId), TickStatus.Good, 85.5, _timestamp, null)));

        Assert.Equal(
            $$$"""{"type":"TICK_RESULT","payload":{"websiteId":"{{{WebsiteId}}}","status":"Good","latency":85.5,"timestamp":"2025-11-20T12:00:00Z","error":null}}""",
            json);
    }

    [Fact]
    public void ToUtf8_TickResultWithTickId_WritesTickId()
    {
        var message = new TickResultMessage(Guid.Parse(WebsiteId), TickStatus.Bad, 10000, _timestamp, "HTTP 503", Guid.Parse(TickId));

        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(message));

        Assert.Equal(
            $$$"""{"type":"TICK_RESULT","payload":{"websiteId":"{{{WebsiteId}}}","status":"Bad","latency":10000,"timestamp":"2025-11-20T12:00:00Z","error":"HTTP 503","tickId":"{{{TickId}}}"}}""",
            json);
    }

    [Fact]
    public void ToUtf8_TickResultWithTickId_RoundTrips()
    {
        var message = new TickResultMessage(Guid.Parse(WebsiteId), TickStatus.Good, 12.25, _timestamp, null, Guid.CreateVersion7());

        var result = ValidatorMessageParser.Parse(MessageWriter.ToUtf8(message));

        Assert.Null(result.Error);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public void Parse_TickAck_ReturnsIdsInOrder()
    {
        var result = HubMessageParser.Parse(Utf8($$$"""{"type":"TICK_ACK","payload":{"tickIds":["{{{TickId}}}","{{{OtherTickId}}}"]}}"""));

        Assert.Null(result.Error);
        var ack = Assert.IsType<TickAckMessage>(result.Message);
        Assert.Equal([Guid.Parse(TickId), Guid.Parse(OtherTickId)], ack.TickIds);
    }

    [Fact]
    public void Parse_TickAckWithNoIds_ReturnsEmptyList()
    {
        var result = HubMessageParser.Parse(Utf8("""{"type":"TICK_ACK","payload":{"tickIds":[]}}"""));

        Assert.Null(result.Error);
        Assert.Empty(Assert.IsType<TickAckMessage>(result.Message).TickIds);
    }

    [Fact]
    public void ToUtf8_TickAck_WritesTypeAndTickIds()
    {
        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(new TickAckMessage([Guid.Parse(TickId), Guid.Parse(OtherTickId)])));

        Assert.Equal($$$"""{"type":"TICK_ACK","payload":{"tickIds":["{{{TickId}}}","{{{OtherTickId}}}"]}}""", json);
    }

    [Fact]
    public void ToUtf8_TickAck_RoundTrips()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => Guid.CreateVersion7()).ToList();

        var result = HubMessageParser.Parse(MessageWriter.ToUtf8(new TickAckMessage(ids)));

        Assert.Null(result.Error);
        Assert.Equal(ids, Assert.IsType<TickAckMessage>(result.Message).TickIds);
    }

    [Theory]
    [InlineData($$"""["{{TickId}}","nope"]""", "payload.tickIds[1] must be a UUID")]
    [InlineData("""[42]""", "payload.tickIds[0] must be a UUID")]
    [InlineData($$"""["{{TickId}}","{{OtherTickId}}",null]""", "payload.tickIds[2] must be a UUID")]
    [InlineData("""[{"id":"x"}]""", "payload.tickIds[0] must be a UUID")]
    [InlineData("""[""]""", "payload.tickIds[0] must be a UUID")]
    public void Parse_TickAckWithBadItem_ReturnsInvalidFieldNamingTheIndex(string tickIds, string expected)
    {
        var result = HubMessageParser.Parse(Utf8($$$"""{"type":"TICK_ACK","payload":{"tickIds":{{{tickIds}}}}}"""));

        Assert.Null(result.Message);
        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, expected), result.Error);
    }

    [Fact]
    public void Parse_TickAckWithoutTickIds_ReturnsMissingField()
    {
        var result = HubMessageParser.Parse(Utf8("""{"type":"TICK_ACK","payload":{}}"""));

        Assert.Equal(new ProtocolError(ErrorCodes.MissingField, "payload.tickIds is required"), result.Error);
    }

    [Fact]
    public void Parse_TickAckWithTickIdsNotArray_ReturnsInvalidField()
    {
        var result = HubMessageParser.Parse(Utf8($$$"""{"type":"TICK_ACK","payload":{"tickIds":"{{{TickId}}}"}}"""));

        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, "payload.tickIds must be an array"), result.Error);
    }

    private static string Tick(string extraProperties) =>
        $$$"""{"type":"TICK_RESULT","payload":{"websiteId":"{{{WebsiteId}}}","status":"Good","latency":85.5,"timestamp":"2025-11-20T12:00:00Z","error":null{{{extraProperties}}}}}""";

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
