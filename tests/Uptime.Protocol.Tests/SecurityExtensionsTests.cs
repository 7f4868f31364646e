using System.Text;

namespace Uptime.Protocol.Tests;

/// <summary>Our backward-compatible security extension: CHALLENGE, and the optional signatures of REGISTER and TICK_RESULT.</summary>
public class SecurityExtensionsTests
{
    private const string Address = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";
    private const string Nonce = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static readonly string _signature = "0x" + new string('a', 130);

    [Fact]
    public void Parse_RegisterWithSignature_ReturnsSignature()
    {
        var result = ValidatorMessageParser.Parse(Utf8($$$"""{"type":"REGISTER","payload":{"publicKey":"{{{Address}}}","location":"Paris","signature":"{{{_signature}}}"}}"""));

        Assert.Null(result.Error);
        Assert.Equal(_signature, Assert.IsType<RegisterMessage>(result.Message).Signature);
    }

    [Fact]
    public void Parse_SpecRegister_ReturnsNullSignature()
    {
        var result = ValidatorMessageParser.Parse(Utf8($$$"""{"type":"REGISTER","payload":{"publicKey":"{{{Address}}}","location":"Paris"}}"""));

        Assert.Null(Assert.IsType<RegisterMessage>(result.Message).Signature);
    }

    [Fact]
    public void Parse_RegisterWithOverlongSignature_ReturnsInvalidField()
    {
        var result = ValidatorMessageParser.Parse(Utf8($$$"""{"type":"REGISTER","payload":{"publicKey":"{{{Address}}}","location":"Paris","signature":"0x{{{new string('a', 200)}}}"}}"""));

        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, "payload.signature must be at most 132 characters"), result.Error);
    }

    [Fact]
    public void Parse_TickResultWithSignature_ReturnsSignature()
    {
        var result = ValidatorMessageParser.Parse(Utf8($$$"""{"type":"TICK_RESULT","payload":{"websiteId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","status":"Good","latency":12,"timestamp":"2025-11-20T12:00:00Z","signature":"{{{_signature}}}"}}"""));

        Assert.Null(result.Error);
        Assert.Equal(_signature, Assert.IsType<TickResultMessage>(result.Message).Signature);
    }

    [Fact]
    public void ToUtf8_Challenge_WritesNonceAndFlag()
    {
        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(new ChallengeMessage(Nonce, RequireSignedTicks: true)));

        Assert.Equal($$$"""{"type":"CHALLENGE","payload":{"nonce":"{{{Nonce}}}","requireSignedTicks":true}}""", json);
    }

    [Fact]
    public void Parse_Challenge_RoundTrips()
    {
        var result = HubMessageParser.Parse(MessageWriter.ToUtf8(new ChallengeMessage(Nonce, RequireSignedTicks: false)));

        Assert.Null(result.Error);
        Assert.Equal(new ChallengeMessage(Nonce, false), result.Message);
    }

    [Fact]
    public void Parse_ChallengeWithoutFlag_MeansUnsignedTicks()
    {
        var result = HubMessageParser.Parse(Utf8($$$"""{"type":"CHALLENGE","payload":{"nonce":"{{{Nonce}}}"}}"""));

        Assert.False(Assert.IsType<ChallengeMessage>(result.Message).RequireSignedTicks);
    }

    [Fact]
    public void Parse_ChallengeWithFlagNotBoolean_ReturnsInvalidField()
    {
        var result = HubMessageParser.Parse(Utf8($$$"""{"type":"CHALLENGE","payload":{"nonce":"{{{Nonce}}}","requireSignedTicks":"yes"}}"""));

        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, "payload.requireSignedTicks must be true or false"), result.Error);
    }

    [Fact]
    public void ToUtf8_RegisterWithoutSignature_LeavesFieldOut()
    {
        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(new RegisterMessage(Address, "Paris")));

        Assert.Equal($$$"""{"type":"REGISTER","payload":{"publicKey":"{{{Address}}}","location":"Paris"}}""", json);
    }

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
