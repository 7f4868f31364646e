using System.Text;

namespace Uptime.Protocol.Tests;

public class HubMessageParserTests
{
    private const string ValidatorId = "9b2d6c1e-7a3f-4e8b-b5d2-0c4a1f6e8d93";
    private const string FirstWebsiteId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string SecondWebsiteId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private const string ThirdWebsiteId = "16fd2706-8baf-433b-82eb-8c7fada847da";

    private static readonly DateTime _specTimestamp = new(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Parse_SpecRegisteredExample_ReturnsRegisteredMessage()
    {
        var result = Parse($$$"""
            {
              "type": "REGISTERED",
              "payload": {
                "validatorId": "{{{ValidatorId}}}",
                "message": "Successfully registered",
                "connectedValidators": 3
              }
            }
            """);

        Assert.Null(result.Error);
        Assert.Equal(new RegisteredMessage(Guid.Parse(ValidatorId), "Successfully registered", 3), result.Message);
    }

    [Fact]
    public void Parse_RegisteredWithoutMessage_UsesEmptyMessage()
    {
        var result = Parse($$$"""{"type":"REGISTERED","payload":{"validatorId":"{{{ValidatorId}}}","connectedValidators":1}}""");

        Assert.Null(result.Error);
        Assert.Equal("", Assert.IsType<RegisteredMessage>(result.Message).Message);
    }

    [Fact]
    public void Parse_CheckWebsiteWithSeveralItems_ReturnsAllChecksInOrder()
    {
        var result = Parse($$$"""
            {
              "type": "CHECK_WEBSITE",
              "payload": {
                "websites": [
                  { "websiteId": "{{{FirstWebsiteId}}}", "url": "https://google.com", "interval": 30 },
                  { "websiteId": "{{{SecondWebsiteId}}}", "url": "https://example.org/health", "interval": 60 },
                  { "websiteId": "{{{ThirdWebsiteId}}}", "url": "http://localhost:5000", "interval": 1 }
                ],
                "timestamp": "2025-11-20T12:00:00Z"
              }
            }
            """);

        Assert.Null(result.Error);
        var message = Assert.IsType<CheckWebsiteMessage>(result.Message);
        Assert.Equal(_specTimestamp, message.Timestamp);
        Assert.Equal(DateTimeKind.Utc, message.Timestamp.Kind);
        Assert.Equal(
            [
                new WebsiteCheck(Guid.Parse(FirstWebsiteId), "https://google.com", 30),
                new WebsiteCheck(Guid.Parse(SecondWebsiteId), "https://example.org/health", 60),
                new WebsiteCheck(Guid.Parse(ThirdWebsiteId), "http://localhost:5000", 1),
            ],
            message.Websites);
    }

    [Fact]
    public void Parse_CheckWebsiteWithEmptyList_ReturnsNoChecks()
    {
        var result = Parse("""{"type":"CHECK_WEBSITE","payload":{"websites":[],"timestamp":"2025-11-20T12:00:00Z"}}""");

        Assert.Null(result.Error);
        Assert.Empty(Assert.IsType<CheckWebsiteMessage>(result.Message).Websites);
    }

    [Theory]
    [InlineData(
        """{"websiteId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","interval":30}""",
        ErrorCodes.MissingField, "payload.websites[1].url is required")]
    [InlineData(
        """{"url":"https://example.org","interval":30}""",
        ErrorCodes.MissingField, "payload.websites[1].websiteId is required")]
    [InlineData(
        """{"websiteId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","url":"https://example.org"}""",
        ErrorCodes.MissingField, "payload.websites[1].interval is required")]
    [InlineData(
        """{"websiteId":"uuid","url":"https://example.org","interval":30}""",
        ErrorCodes.InvalidField, "payload.websites[1].websiteId must be a UUID")]
    [InlineData(
        """{"websiteId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","url":42,"interval":30}""",
        ErrorCodes.InvalidField, "payload.websites[1].url must be a string")]
    [InlineData(
        """{"websiteId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","url":"https://example.org","interval":0}""",
        ErrorCodes.InvalidField, "payload.websites[1].interval must be between 1 and 2147483647")]
    [InlineData(
        """{"websiteId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","url":"https://example.org","interval":1.5}""",
        ErrorCodes.InvalidField, "payload.websites[1].interval must be an integer")]
    [InlineData(
        """{"websiteId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","url":"https://example.org","interval":"30"}""",
        ErrorCodes.InvalidField, "payload.websites[1].interval must be a number")]
    [InlineData("\"https://example.org\"", ErrorCodes.InvalidField, "payload.websites[1] must be an object")]
    [InlineData("null", ErrorCodes.InvalidField, "payload.websites[1] must be an object")]
    public void Parse_CheckWebsiteItemInvalid_NamesItemIndex(string secondItem, string code, string message)
    {
        var error = ParseError($$$"""
            {"type":"CHECK_WEBSITE","payload":{"websites":[
              {"websiteId":"{{{FirstWebsiteId}}}","url":"https://google.com","interval":30},
              {{{secondItem}}},
              {"websiteId":"uuid"}
            ],"timestamp":"2025-11-20T12:00:00Z"}}
            """);

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_CheckWebsiteUrlTooLong_ReturnsInvalidField()
    {
        var url = "https://example.org/" + new string('a', HubMessageParser.MaxUrlLength);

        var error = ParseError($$$"""
            {"type":"CHECK_WEBSITE","payload":{"websites":[{"websiteId":"{{{FirstWebsiteId}}}","url":"{{{url}}}","interval":30}],
            "timestamp":"2025-11-20T12:00:00Z"}}
            """);

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("payload.websites[0].url must be at most 2048 characters", error.Message);
    }

    [Theory]
    [InlineData("""{"timestamp":"2025-11-20T12:00:00Z"}""", ErrorCodes.MissingField, "payload.websites is required")]
    [InlineData("""{"websites":{},"timestamp":"2025-11-20T12:00:00Z"}""", ErrorCodes.InvalidField, "payload.websites must be an array")]
    [InlineData("""{"websites":[]}""", ErrorCodes.MissingField, "payload.timestamp is required")]
    [InlineData("""{"websites":[],"timestamp":"soon"}""", ErrorCodes.InvalidField, "payload.timestamp must be an ISO-8601 timestamp")]
    public void Parse_CheckWebsitePayloadInvalid_ReturnsErrorNamingField(string payload, string code, string message)
    {
        var error = ParseError($$$"""{"type":"CHECK_WEBSITE","payload":{{{payload}}}}""");

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_SpecHeartbeatAckExample_ReturnsHeartbeatAckMessage()
    {
        var result = Parse("""
            {
              "type": "HEARTBEAT_ACK",
              "payload": {
                "timestamp": "2025-11-20T12:00:00Z",
                "activeWebsites": 5
              }
            }
            """);

        Assert.Null(result.Error);
        var ack = Assert.IsType<HeartbeatAckMessage>(result.Message);
        Assert.Equal(new HeartbeatAckMessage(_specTimestamp, 5), ack);
        Assert.Equal(DateTimeKind.Utc, ack.Timestamp.Kind);
    }

    [Fact]
    public void Parse_ErrorMessage_ReturnsCodeAndMessage()
    {
        var result = Parse("""{"type":"ERROR","payload":{"code":"invalid_public_key","message":"payload.publicKey must be a 0x-prefixed 20-byte hex address"}}""");

        Assert.Null(result.Error);
        Assert.Equal(
            new ErrorMessage(ErrorCodes.InvalidPublicKey, "payload.publicKey must be a 0x-prefixed 20-byte hex address"),
            result.Message);
    }

    [Theory]
    [InlineData("REGISTERED", """{"message":"hi","connectedValidators":1}""", ErrorCodes.MissingField, "payload.validatorId is required")]
    [InlineData("REGISTERED", """{"validatorId":"9b2d6c1e-7a3f-4e8b-b5d2-0c4a1f6e8d93"}""", ErrorCodes.MissingField, "payload.connectedValidators is required")]
    [InlineData("REGISTERED", """{"validatorId":"9b2d6c1e-7a3f-4e8b-b5d2-0c4a1f6e8d93","connectedValidators":-1}""", ErrorCodes.InvalidField, "payload.connectedValidators must be between 0 and 2147483647")]
    [InlineData("REGISTERED", """{"validatorId":"9b2d6c1e-7a3f-4e8b-b5d2-0c4a1f6e8d93","message":7,"connectedValidators":1}""", ErrorCodes.InvalidField, "payload.message must be a string or null")]
    [InlineData("HEARTBEAT_ACK", """{"activeWebsites":5}""", ErrorCodes.MissingField, "payload.timestamp is required")]
    [InlineData("HEARTBEAT_ACK", """{"timestamp":"2025-11-20T12:00:00Z"}""", ErrorCodes.MissingField, "payload.activeWebsites is required")]
    [InlineData("HEARTBEAT_ACK", """{"timestamp":"2025-11-20T12:00:00Z","activeWebsites":2.5}""", ErrorCodes.InvalidField, "payload.activeWebsites must be an integer")]
    [InlineData("ERROR", """{"message":"boom"}""", ErrorCodes.MissingField, "payload.code is required")]
    [InlineData("ERROR", """{"code":"internal_error"}""", ErrorCodes.MissingField, "payload.message is required")]
    [InlineData("ERROR", """{"code":"","message":"boom"}""", ErrorCodes.InvalidField, "payload.code must not be empty")]
    public void Parse_HubPayloadInvalid_ReturnsErrorNamingField(string type, string payload, string code, string message)
    {
        var error = ParseError($$$"""{"type":"{{{type}}}","payload":{{{payload}}}}""");

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("REGISTER")]
    [InlineData("TICK_RESULT")]
    [InlineData("registered")]
    [InlineData("PONG")]
    public void Parse_UnknownType_ReturnsUnknownTypeNamingIt(string type)
    {
        var error = ParseError($$$"""{"type":"{{{type}}}","payload":{}}""");

        Assert.Equal(ErrorCodes.UnknownType, error.Code);
        Assert.Equal($"Unknown message type \"{type}\"", error.Message);
    }

    [Theory]
    [InlineData("{", ErrorCodes.InvalidJson)]
    [InlineData("[]", ErrorCodes.InvalidMessage)]
    [InlineData("""{"payload":{}}""", ErrorCodes.InvalidMessage)]
    [InlineData("""{"type":"ERROR"}""", ErrorCodes.InvalidMessage)]
    public void Parse_BadEnvelope_ReturnsEnvelopeError(string frame, string code)
    {
        Assert.Equal(code, ParseError(frame).Code);
    }

    private static ParseResult<HubMessage> Parse(string json) =>
        HubMessageParser.Parse(Encoding.UTF8.GetBytes(json));

    private static ProtocolError ParseError(string json)
    {
        var result = Parse(json);
        Assert.Null(result.Message);
        return Assert.IsType<ProtocolError>(result.Error);
    }
}
