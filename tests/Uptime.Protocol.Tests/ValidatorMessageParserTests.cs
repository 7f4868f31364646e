using System.Text;

namespace Uptime.Protocol.Tests;

public class ValidatorMessageParserTests
{
    private const string ValidKey = "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1";
    private const string WebsiteId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    /// <summary>Mirrors the internal <c>Envelope.MaxDepth</c>.</summary>
    private const int MaxDepth = 16;

    private static readonly DateTime _specTimestamp = new(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Parse_SpecRegisterExample_ReturnsRegisterMessage()
    {
        var result = Parse($$$"""
            {
              "type": "REGISTER",
              "payload": {
                "publicKey": "{{{ValidKey}}}",
                "location": "US-East Virginia"
              }
            }
            """);

        Assert.Null(result.Error);
        Assert.Equal(new RegisterMessage(ValidKey, "US-East Virginia"), result.Message);
    }

    [Fact]
    public void Parse_SpecHeartbeatExample_ReturnsUtcTimestamp()
    {
        var result = Parse("""
            {
              "type": "HEARTBEAT",
              "payload": {
                "timestamp": "2025-11-20T12:00:00Z"
              }
            }
            """);

        Assert.Null(result.Error);
        var heartbeat = Assert.IsType<HeartbeatMessage>(result.Message);
        Assert.Equal(_specTimestamp, heartbeat.Timestamp);
        Assert.Equal(DateTimeKind.Utc, heartbeat.Timestamp.Kind);
    }

    [Fact]
    public void Parse_SpecTickResultExampleWithNullError_ReturnsTickResult()
    {
        var result = Parse($$$"""
            {
              "type": "TICK_RESULT",
              "payload": {
                "websiteId": "{{{WebsiteId}}}",
                "status": "Good",
                "latency": 85.5,
                "timestamp": "2025-11-20T12:00:00Z",
                "error": null
              }
            }
            """);

        Assert.Null(result.Error);
        var tick = Assert.IsType<TickResultMessage>(result.Message);
        Assert.Equal(Guid.Parse(WebsiteId), tick.WebsiteId);
        Assert.Equal(TickStatus.Good, tick.Status);
        Assert.Equal(85.5, tick.Latency);
        Assert.Equal(_specTimestamp, tick.Timestamp);
        Assert.Equal(DateTimeKind.Utc, tick.Timestamp.Kind);
        Assert.Null(tick.Error);
    }

    [Fact]
    public void Parse_TickResultWithErrorString_KeepsStatusAndError()
    {
        var result = Parse(Tick("""
            "websiteId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","status":"Bad","latency":10000,
            "timestamp":"2025-11-20T12:00:00Z","error":"Request timed out"
            """));

        Assert.Null(result.Error);
        var expected = new TickResultMessage(Guid.Parse(WebsiteId), TickStatus.Bad, 10000, _specTimestamp, "Request timed out");
        Assert.Equal(expected, result.Message);
    }

    [Fact]
    public void Parse_TickResultWithoutErrorProperty_ErrorIsNull()
    {
        var result = Parse(Tick("""
            "websiteId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","status":"Good","latency":0,"timestamp":"2025-11-20T12:00:00Z"
            """));

        Assert.Null(result.Error);
        Assert.Null(Assert.IsType<TickResultMessage>(result.Message).Error);
    }

    [Theory]
    [InlineData(0d)]
    [InlineData(ValidatorMessageParser.MaxLatencyMs)]
    public void Parse_LatencyAtBounds_Accepted(double latency)
    {
        var result = Parse(Tick($$$"""
            "websiteId":"{{{WebsiteId}}}","status":"Good","latency":{{{latency}}},"timestamp":"2025-11-20T12:00:00Z"
            """));

        Assert.Null(result.Error);
        Assert.Equal(latency, Assert.IsType<TickResultMessage>(result.Message).Latency);
    }

    [Fact]
    public void Parse_TimestampWithOffset_ConvertsToUtc()
    {
        var result = Parse(Heartbeat("2025-11-20T14:00:00+02:00"));

        var heartbeat = Assert.IsType<HeartbeatMessage>(result.Message);
        Assert.Equal(_specTimestamp, heartbeat.Timestamp);
        Assert.Equal(DateTimeKind.Utc, heartbeat.Timestamp.Kind);
    }

    [Fact]
    public void Parse_TimestampWithoutOffset_IsTakenAsUtc()
    {
        var result = Parse(Heartbeat("2025-11-20T12:00:00"));

        var heartbeat = Assert.IsType<HeartbeatMessage>(result.Message);
        Assert.Equal(_specTimestamp, heartbeat.Timestamp);
        Assert.Equal(DateTimeKind.Utc, heartbeat.Timestamp.Kind);
    }

    [Fact]
    public void Parse_LocationWithSurroundingSpaces_IsTrimmed()
    {
        var result = Parse(Register(ValidKey, "  EU-West Ireland  "));

        Assert.Equal("EU-West Ireland", Assert.IsType<RegisterMessage>(result.Message).Location);
    }

    [Fact]
    public void Parse_LocationAtMaxLength_Accepted()
    {
        var location = new string('a', ValidatorMessageParser.MaxLocationLength);

        var result = Parse(Register(ValidKey, location));

        Assert.Null(result.Error);
        Assert.Equal(location, Assert.IsType<RegisterMessage>(result.Message).Location);
    }

    [Fact]
    public void Parse_PublicKeyCasing_IsPreserved()
    {
        var result = Parse(Register("0X742D35CC6634C0532925A3B844BC9E7595F0BEB1", "Local"));

        Assert.Equal("0X742D35CC6634C0532925A3B844BC9E7595F0BEB1", Assert.IsType<RegisterMessage>(result.Message).PublicKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("""{"type":"HEARTBEAT","payload":{"timestamp":"2025-11-20T12:00:00Z"},}""")]
    [InlineData("""{'type':'HEARTBEAT','payload':{}}""")]
    [InlineData("""{"type":"HEARTBEAT","payload":{}} {}""")]
    [InlineData("""{"type":"TICK_RESULT","payload":{"latency":NaN}}""")]
    public void Parse_MalformedJson_ReturnsInvalidJson(string frame)
    {
        var error = ParseError(frame);

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
        Assert.StartsWith("Frame is not valid JSON: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""["REGISTER",{}]""")]
    [InlineData("\"REGISTER\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Parse_FrameNotAnObject_ReturnsInvalidMessage(string frame)
    {
        var error = ParseError(frame);

        Assert.Equal(ErrorCodes.InvalidMessage, error.Code);
        Assert.Equal("A message must be a JSON object with \"type\" and \"payload\"", error.Message);
    }

    [Theory]
    [InlineData("""{"payload":{}}""")]
    [InlineData("""{"type":null,"payload":{}}""")]
    [InlineData("""{"type":42,"payload":{}}""")]
    [InlineData("""{"type":{"name":"REGISTER"},"payload":{}}""")]
    [InlineData("""{"Type":"REGISTER","payload":{}}""")]
    public void Parse_TypeMissingOrNotString_ReturnsInvalidMessage(string frame)
    {
        var error = ParseError(frame);

        Assert.Equal(ErrorCodes.InvalidMessage, error.Code);
        Assert.Equal("type is required and must be a string", error.Message);
    }

    [Theory]
    [InlineData("""{"type":"HEARTBEAT"}""")]
    [InlineData("""{"type":"HEARTBEAT","payload":null}""")]
    [InlineData("""{"type":"HEARTBEAT","payload":[]}""")]
    [InlineData("""{"type":"HEARTBEAT","payload":"2025-11-20T12:00:00Z"}""")]
    [InlineData("""{"type":"UNKNOWN","payload":1}""")]
    public void Parse_PayloadMissingOrNotObject_ReturnsInvalidMessage(string frame)
    {
        var error = ParseError(frame);

        Assert.Equal(ErrorCodes.InvalidMessage, error.Code);
        Assert.Equal("payload is required and must be a JSON object", error.Message);
    }

    [Theory]
    [InlineData("PING")]
    [InlineData("register")]
    [InlineData("")]
    [InlineData("REGISTERED")]
    [InlineData("HEARTBEAT_ACK")]
    public void Parse_UnknownType_ReturnsUnknownTypeNamingIt(string type)
    {
        var error = ParseError($$$"""{"type":"{{{type}}}","payload":{}}""");

        Assert.Equal(ErrorCodes.UnknownType, error.Code);
        Assert.Equal($"Unknown message type \"{type}\"; expected REGISTER, HEARTBEAT or TICK_RESULT", error.Message);
    }

    [Fact]
    public void Parse_UnknownLongType_ShortensTypeInMessage()
    {
        var type = new string('X', 100);

        var error = ParseError($$$"""{"type":"{{{type}}}","payload":{}}""");

        Assert.Equal(ErrorCodes.UnknownType, error.Code);
        Assert.Equal($"Unknown message type \"{new string('X', 64)}…\"; expected REGISTER, HEARTBEAT or TICK_RESULT", error.Message);
    }

    [Theory]
    [InlineData("REGISTER", """{"location":"US-East Virginia"}""", "publicKey")]
    [InlineData("REGISTER", """{"publicKey":null,"location":"US-East Virginia"}""", "publicKey")]
    [InlineData("REGISTER", """{"publicKey":"0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1"}""", "location")]
    [InlineData("HEARTBEAT", "{}", "timestamp")]
    [InlineData("HEARTBEAT", """{"timestamp":null}""", "timestamp")]
    [InlineData("TICK_RESULT", """{"status":"Good","latency":85.5,"timestamp":"2025-11-20T12:00:00Z"}""", "websiteId")]
    [InlineData("TICK_RESULT", """{"websiteId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","latency":85.5,"timestamp":"2025-11-20T12:00:00Z"}""", "status")]
    [InlineData("TICK_RESULT", """{"websiteId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","status":"Good","timestamp":"2025-11-20T12:00:00Z"}""", "latency")]
    [InlineData("TICK_RESULT", """{"websiteId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","status":"Good","latency":null,"timestamp":"2025-11-20T12:00:00Z"}""", "latency")]
    [InlineData("TICK_RESULT", """{"websiteId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","status":"Good","latency":85.5}""", "timestamp")]
    public void Parse_RequiredFieldMissing_ReturnsMissingFieldNamingIt(string type, string payload, string field)
    {
        var error = ParseError($$$"""{"type":"{{{type}}}","payload":{{{payload}}}}""");

        Assert.Equal(ErrorCodes.MissingField, error.Code);
        Assert.Equal($"payload.{field} is required", error.Message);
    }

    [Theory]
    [InlineData("latency", "\"85.5\"", "payload.latency must be a number")]
    [InlineData("latency", "\"NaN\"", "payload.latency must be a number")]
    [InlineData("latency", "\"Infinity\"", "payload.latency must be a number")]
    [InlineData("latency", "1e400", "payload.latency must be a number")]
    [InlineData("latency", "true", "payload.latency must be a number")]
    [InlineData("latency", "-1", "payload.latency must be between 0 and 3600000")]
    [InlineData("latency", "-0.001", "payload.latency must be between 0 and 3600000")]
    [InlineData("latency", "3600000.5", "payload.latency must be between 0 and 3600000")]
    [InlineData("websiteId", "42", "payload.websiteId must be a string")]
    [InlineData("websiteId", "\"uuid\"", "payload.websiteId must be a UUID")]
    [InlineData("websiteId", "\"3f2504e0-4f89-11d3-9a0c-0305e82c330\"", "payload.websiteId must be a UUID")]
    [InlineData("websiteId", "\"\"", "payload.websiteId must not be empty")]
    [InlineData("status", "\"Ok\"", "payload.status must be \"Good\" or \"Bad\"")]
    [InlineData("status", "\"good\"", "payload.status must be \"Good\" or \"Bad\"")]
    [InlineData("status", "\"Unknown\"", "payload.status must be \"Good\" or \"Bad\"")]
    [InlineData("status", "\"Excellent\"", "payload.status must be at most 8 characters")]
    [InlineData("status", "1", "payload.status must be a string")]
    [InlineData("timestamp", "\"yesterday\"", "payload.timestamp must be an ISO-8601 timestamp")]
    [InlineData("timestamp", "\"2025-13-40T12:00:00Z\"", "payload.timestamp must be an ISO-8601 timestamp")]
    [InlineData("timestamp", "1763640000", "payload.timestamp must be a string")]
    [InlineData("error", "42", "payload.error must be a string or null")]
    [InlineData("error", "false", "payload.error must be a string or null")]
    [InlineData("error", "{\"message\":\"timeout\"}", "payload.error must be a string or null")]
    public void Parse_TickResultFieldWrongTypeOrRange_ReturnsInvalidFieldNamingIt(string field, string json, string message)
    {
        var fields = new Dictionary<string, string>
        {
            ["websiteId"] = $"\"{WebsiteId}\"",
            ["status"] = "\"Good\"",
            ["latency"] = "85.5",
            ["timestamp"] = "\"2025-11-20T12:00:00Z\"",
            ["error"] = "null",
        };
        fields[field] = json;
        var payload = string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}"));

        var error = ParseError(Tick(payload));

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_ErrorTooLong_ReturnsInvalidField()
    {
        var error = ParseError(Tick($$$"""
            "websiteId":"{{{WebsiteId}}}","status":"Bad","latency":1,"timestamp":"2025-11-20T12:00:00Z",
            "error":"{{{new string('e', ValidatorMessageParser.MaxErrorLength + 1)}}}"
            """));

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("payload.error must be at most 2048 characters", error.Message);
    }

    [Theory]
    [InlineData("not a date")]
    [InlineData("")]
    [InlineData("2025-11-20T25:00:00Z")]
    [InlineData("11/20/2025 12:00:00")]
    [InlineData("Thu, 20 Nov 2025 12:00:00 GMT")]
    [InlineData("2025/11/20")]
    [InlineData("12:00")]
    public void Parse_HeartbeatTimestampInvalid_ReturnsInvalidField(string timestamp)
    {
        var error = ParseError(Heartbeat(timestamp));

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.StartsWith("payload.timestamp must ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RegisterPublicKeyNotString_ReturnsInvalidField()
    {
        var error = ParseError("""{"type":"REGISTER","payload":{"publicKey":42,"location":"Local"}}""");

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("payload.publicKey must be a string", error.Message);
    }

    [Theory]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb")]
    [InlineData("0x742d35Cc")]
    [InlineData("742d35Cc6634C0532925a3b844Bc9e7595f0bEb1")]
    [InlineData("00742d35Cc6634C0532925a3b844Bc9e7595f0bEb1")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEbZ")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1a")]
    [InlineData("0x 742d35Cc6634C0532925a3b844Bc9e7595f0bEb")]
    public void Parse_PublicKeyNotEthereumAddress_ReturnsInvalidPublicKey(string publicKey)
    {
        var error = ParseError(Register(publicKey, "US-East Virginia"));

        Assert.Equal(ErrorCodes.InvalidPublicKey, error.Code);
        Assert.Equal("payload.publicKey must be a 0x-prefixed 20-byte hex address", error.Message);
    }

    [Theory]
    [InlineData("", "payload.location must not be empty")]
    [InlineData("   ", "payload.location must not be empty")]
    [InlineData(null, "payload.location must be at most 128 characters")]
    public void Parse_LocationEmptyOrTooLong_ReturnsInvalidField(string? location, string message)
    {
        location ??= new string('a', ValidatorMessageParser.MaxLocationLength + 1);

        var error = ParseError(Register(ValidKey, location));

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_LocationNotString_ReturnsInvalidField()
    {
        var error = ParseError($$$"""{"type":"REGISTER","payload":{"publicKey":"{{{ValidKey}}}","location":["US"]}}""");

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("payload.location must be a string", error.Message);
    }

    [Fact]
    public void Parse_SeveralInvalidFields_ReportsFirstInReadOrder()
    {
        var error = ParseError(Tick("""
            "websiteId":"uuid","status":"Ok","latency":-1,"timestamp":"yesterday","error":42
            """));

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("payload.websiteId must be a UUID", error.Message);
    }

    [Fact]
    public void Parse_NestingBeyondMaxDepth_ReturnsInvalidJson()
    {
        // Root object and payload are two levels; the arrays push the frame one level past the limit.
        var error = ParseError(HeartbeatWithNesting(MaxDepth - 1));

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
    }

    [Fact]
    public void Parse_NestingAtMaxDepth_Accepted()
    {
        var result = Parse(HeartbeatWithNesting(MaxDepth - 2));

        Assert.Null(result.Error);
        Assert.IsType<HeartbeatMessage>(result.Message);
    }

    [Fact]
    public void Parse_VeryDeepNesting_ReturnsInvalidJson()
    {
        var error = ParseError(HeartbeatWithNesting(10_000));

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
    }

    [Fact]
    public void Parse_InvalidUtf8InType_ReturnsInvalidJson()
    {
        byte[] frame = [.. "{\"type\":\""u8, 0xFF, .. "\",\"payload\":{}}"u8];

        var result = ValidatorMessageParser.Parse(frame);

        Assert.Equal(ErrorCodes.InvalidJson, result.Error?.Code);
    }

    [Fact]
    public void Parse_UnpairedSurrogateInLocation_ReturnsInvalidJson()
    {
        var error = ParseError(Register("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1", "\\ud800"));

        Assert.Equal(ErrorCodes.InvalidJson, error.Code);
    }

    private static ParseResult<ValidatorMessage> Parse(string json) =>
        ValidatorMessageParser.Parse(Encoding.UTF8.GetBytes(json));

    private static ProtocolError ParseError(string json)
    {
        var result = Parse(json);
        Assert.Null(result.Message);
        return Assert.IsType<ProtocolError>(result.Error);
    }

    private static string Register(string publicKey, string location) =>
        $$$"""{"type":"REGISTER","payload":{"publicKey":"{{{publicKey}}}","location":"{{{location}}}"}}""";

    private static string Heartbeat(string timestamp) =>
        $$$"""{"type":"HEARTBEAT","payload":{"timestamp":"{{{timestamp}}}"}}""";

    private static string Tick(string payloadProperties) =>
        $$$"""{"type":"TICK_RESULT","payload":{{{{payloadProperties}}}}}""";

    private static string HeartbeatWithNesting(int arrays) =>
        $$$"""{"type":"HEARTBEAT","payload":{"timestamp":"2025-11-20T12:00:00Z","extra":{{{new string('[', arrays)}}}{{{new string(']', arrays)}}}}}""";
}
