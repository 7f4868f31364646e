using System.Text;

namespace Uptime.Protocol.Tests;

/// <summary>Our backward-compatible extension for a validator registering again: REGISTER's optional <c>lastCheckAt</c>.</summary>
public class ResumeExtensionTests
{
    private const string Address = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";

    [Fact]
    public void Parse_RegisterWithLastCheckAt_ReturnsItInUtc()
    {
        var result = ValidatorMessageParser.Parse(Register(""","lastCheckAt":"2026-12-07T08:00:00.125+01:00" """));

        Assert.Null(result.Error);
        Assert.Equal(new DateTime(2026, 12, 7, 7, 0, 0, 125, DateTimeKind.Utc), Assert.IsType<RegisterMessage>(result.Message).LastCheckAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","lastCheckAt":null""")]
    public void Parse_RegisterWithoutLastCheckAt_ReturnsNull(string field)
    {
        var result = ValidatorMessageParser.Parse(Register(field));

        Assert.Null(result.Error);
        Assert.Null(Assert.IsType<RegisterMessage>(result.Message).LastCheckAt);
    }

    [Theory]
    [InlineData(""","lastCheckAt":"yesterday" """, "payload.lastCheckAt must be an ISO-8601 timestamp or null")]
    [InlineData(""","lastCheckAt":1733558400""", "payload.lastCheckAt must be a string or null")]
    public void Parse_RegisterWithMalformedLastCheckAt_ReturnsInvalidField(string field, string message)
    {
        var result = ValidatorMessageParser.Parse(Register(field));

        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, message), result.Error);
    }

    [Fact]
    public void Write_RegisterWithLastCheckAt_RoundTrips()
    {
        var sent = new RegisterMessage(Address, "Paris", LastCheckAt: new DateTime(2026, 12, 7, 8, 0, 0, 125, DateTimeKind.Utc));

        var parsed = ValidatorMessageParser.Parse(MessageWriter.ToUtf8(sent));

        Assert.Equal(sent, parsed.Message);
    }

    [Fact]
    public void Write_RegisterWithoutLastCheckAt_LeavesTheFieldOut()
    {
        var text = Encoding.UTF8.GetString(MessageWriter.ToUtf8(new RegisterMessage(Address, "Paris")));

        Assert.DoesNotContain("lastCheckAt", text, StringComparison.Ordinal);
    }

    private static byte[] Register(string extraFields) =>
        Encoding.UTF8.GetBytes($$$"""{"type":"REGISTER","payload":{"publicKey":"{{{Address}}}","location":"Paris"{{{extraFields.TrimEnd()}}}}}""");
}
