using System.Text;

namespace Uptime.Protocol.Tests;

/// <summary>Our backward-compatible extension: TICK_RESULT's optional <c>refused</c> (the validator's own policy refused the check).</summary>
public class RefusedExtensionTests
{
    private const string WebsiteId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    private static readonly DateTime _timestamp = new(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(",\"refused\":true", true)]
    [InlineData(",\"refused\":false", false)]
    [InlineData(",\"refused\":null", false)]
    [InlineData("", false)]
    public void Parse_TickResult_RefusedWhenTrueOnly(string field, bool refused)
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick(field)));

        Assert.Null(result.Error);
        Assert.Equal(refused, Assert.IsType<TickResultMessage>(result.Message).Refused);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public void Parse_RefusedNotABoolean_InvalidField(string value)
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick($",\"refused\":{value}")));

        Assert.Null(result.Message);
        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, "payload.refused must be true or false"), result.Error);
    }

    [Fact]
    public void ToUtf8_NotRefused_OmitsTheField()
    {
        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(new TickResultMessage(Guid.Parse(WebsiteId), TickStatus.Bad, 0, _timestamp, "HTTP 500")));

        Assert.DoesNotContain("refused", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUtf8_Refused_WritesItAndRoundTrips()
    {
        var message = new TickResultMessage(Guid.Parse(WebsiteId), TickStatus.Bad, 0, _timestamp, "Refused: 127.0.0.1 is a loopback address", Refused: true);

        var frame = MessageWriter.ToUtf8(message);

        Assert.EndsWith(",\"refused\":true}}", Encoding.UTF8.GetString(frame), StringComparison.Ordinal);
        Assert.Equal(message, ValidatorMessageParser.Parse(frame).Message);
    }

    private static string Tick(string extra) =>
        $$$"""{"type":"TICK_RESULT","payload":{"websiteId":"{{{WebsiteId}}}","status":"Bad","latency":0,"timestamp":"2025-11-20T12:00:00Z","error":"Refused: 127.0.0.1 is a loopback address"{{{extra}}}}}""";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
