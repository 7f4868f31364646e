using System.Text;

namespace Uptime.Protocol.Tests;

/// <summary>The checkToken extension on CHECK_WEBSITE entries and TICK_RESULT.</summary>
public sealed class CheckTokenParsingTests
{
    private static readonly Guid _websiteId = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    private static readonly CheckToken _token = new(new DateTime(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc), Guid.Parse("0193a5b0-0000-8000-8000-000000000001"));

    [Fact]
    public void TickResult_WithTokenAndItsTickId_Parsed()
    {
        var result = ParseTick($", \"tickId\": \"{_token.TickId}\", \"checkToken\": \"{_token}\"");

        Assert.Null(result.Error);
        var tick = Assert.IsType<TickResultMessage>(result.Message);
        Assert.Equal(_token.ToString(), tick.CheckToken);
    }

    [Fact]
    public void TickResult_TickIdOtherThanTheTokens_InvalidField()
    {
        var result = ParseTick($", \"tickId\": \"{Guid.NewGuid()}\", \"checkToken\": \"{_token}\"");

        Assert.Equal(ErrorCodes.InvalidField, result.Error?.Code);
        Assert.Contains("payload.tickId", result.Error?.Message);
    }

    [Theory]
    [InlineData("\"not-a-token\"")]
    [InlineData("\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"")]
    [InlineData("42")]
    public void TickResult_MalformedToken_InvalidField(string token)
    {
        var result = ParseTick($", \"checkToken\": {token}");

        Assert.Equal(ErrorCodes.InvalidField, result.Error?.Code);
        Assert.Contains("payload.checkToken", result.Error?.Message);
    }

    [Fact]
    public void WrittenCheckWebsite_CarriesTheTokenOnlyWhenSet()
    {
        var message = new CheckWebsiteMessage([new WebsiteCheck(_websiteId, "https://a.example/", 30, _token.ToString()), new WebsiteCheck(_websiteId, "https://b.example/", 30)], DateTime.UtcNow);

        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(message));
        var parsed = Assert.IsType<CheckWebsiteMessage>(HubMessageParser.Parse(Encoding.UTF8.GetBytes(json)).Message);

        Assert.Equal(1, json.Split("checkToken").Length - 1);
        Assert.Equal([_token.ToString(), null], parsed.Websites.Select(w => w.CheckToken));
    }

    [Fact]
    public void ErrorRefusingATick_NamesIt()
    {
        var tickId = Guid.NewGuid();

        var parsed = HubMessageParser.Parse(MessageWriter.ToUtf8(new ErrorMessage(ErrorCodes.UnexpectedTick, "no", tickId))).Message;

        Assert.Equal(new ErrorMessage(ErrorCodes.UnexpectedTick, "no", tickId), parsed);
    }

    private static ParseResult<ValidatorMessage> ParseTick(string extensions) =>
        ValidatorMessageParser.Parse(Encoding.UTF8.GetBytes(
            "{\"type\": \"TICK_RESULT\", \"payload\": {\"websiteId\": \"" + _websiteId + "\", \"status\": \"Good\", \"latency\": 85.5, "
            + "\"timestamp\": \"2025-11-20T12:00:00Z\", \"error\": null" + extensions + "}}"));
}
