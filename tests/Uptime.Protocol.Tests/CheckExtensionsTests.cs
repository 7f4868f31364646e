using System.Text;
using Uptime.Protocol.Checks;

namespace Uptime.Protocol.Tests;

/// <summary>
/// Our backward-compatible extensions for deeper checks: REGISTER's <c>capabilities</c>, a CHECK_WEBSITE item's
/// <c>type</c> and <c>check</c>, and what a TICK_RESULT may say about the check (phases, status, address, TLS, certificate).
/// </summary>
public class CheckExtensionsTests
{
    private const string Key = "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1";
    private const string WebsiteId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    [Fact]
    public void Parse_RegisterWithCapabilities_ReturnsThem()
    {
        var result = ValidatorMessageParser.Parse(Utf8(Register(""","capabilities":["http","tcp","dns"]""")));

        Assert.Null(result.Error);
        Assert.Equal(["http", "tcp", "dns"], Assert.IsType<RegisterMessage>(result.Message).Capabilities);
    }

    [Fact]
    public void Parse_SpecRegister_NoCapabilities()
    {
        var result = ValidatorMessageParser.Parse(Utf8(Register("")));

        Assert.Null(Assert.IsType<RegisterMessage>(result.Message).Capabilities);
    }

    [Theory]
    [InlineData(""","capabilities":"http" """, "payload.capabilities must be an array of strings or null")]
    [InlineData(""","capabilities":["http",3]""", "payload.capabilities[1] must be a non-empty string of at most 32 characters")]
    [InlineData(""","capabilities":[""]""", "payload.capabilities[0] must be a non-empty string of at most 32 characters")]
    public void Parse_RegisterWithBadCapabilities_InvalidField(string extra, string message)
    {
        var result = ValidatorMessageParser.Parse(Utf8(Register(extra)));

        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, message), result.Error);
    }

    [Fact]
    public void Parse_TickWithEverythingTheCheckSaw_ReturnsIt()
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick("""
            ,"httpStatus":503,"address":"93.184.216.34:443","tlsResumed":true,"failedAssertion":2,
            "phases":{"dns":1.5,"connect":2.25,"tls":7,"firstByte":30.5,"transfer":0.5},
            "certificate":{"expiresAt":"2027-01-31T23:59:59Z","subject":"CN=example.com","issuer":"CN=Test CA","names":["example.com","www.example.com"]}
            """)));

        Assert.Null(result.Error);
        var tick = Assert.IsType<TickResultMessage>(result.Message);
        Assert.Equal(503, tick.HttpStatus);
        Assert.Equal("93.184.216.34:443", tick.Address);
        Assert.True(tick.TlsResumed);
        Assert.Equal(2, tick.FailedAssertion);
        Assert.Equal(new TickPhases(1.5, 2.25, 7, 30.5, 0.5), tick.Phases);
        Assert.Equal(new DateTime(2027, 1, 31, 23, 59, 59, DateTimeKind.Utc), tick.Certificate!.ExpiresAt);
        Assert.Equal(["example.com", "www.example.com"], tick.Certificate.Names);
    }

    [Fact]
    public void Parse_TickWithSomePhases_OthersNull()
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick(""","phases":{"dns":1,"connect":2}""")));

        Assert.Equal(new TickPhases(1, 2, null, null, null), Assert.IsType<TickResultMessage>(result.Message).Phases);
    }

    [Theory]
    [InlineData(""","httpStatus":42""", "payload.httpStatus must be between 100 and 999")]
    [InlineData(""","phases":[]""", "payload.phases must be an object or null")]
    [InlineData(""","phases":{"tls":-1}""", "payload.phases.tls must be between 0 and 3600000")]
    [InlineData(""","phases":{"dns":"fast"}""", "payload.phases.dns must be a number or null")]
    [InlineData(""","certificate":{"subject":"CN=a","issuer":"CN=b"}""", "payload.certificate.expiresAt is required")]
    [InlineData(""","tlsResumed":"yes" """, "payload.tlsResumed must be true or false")]
    [InlineData(""","failedAssertion":16""", "payload.failedAssertion must be between 0 and 15")]
    [InlineData(""","warm":1""", "payload.warm must be true or false")]
    public void Parse_TickWithBadCheckFacts_PreciseError(string extra, string message)
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick(extra)));

        Assert.Equal(message, result.Error?.Message);
    }

    [Fact]
    public void WriteThenParse_TickFacts_RoundTrip()
    {
        var tick = new TickResultMessage(
            Guid.Parse(WebsiteId), TickStatus.Bad, 40, new DateTime(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc), "Body does not contain \"ok\"",
            HttpStatus: 200, Phases: new TickPhases(1, 2, 3, 4, 5), Address: "[::1]:8443", TlsResumed: false, FailedAssertion: 0,
            Certificate: new CertificateFacts(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), "CN=a", "CN=b", ["a"]));

        var parsed = Assert.IsType<TickResultMessage>(ValidatorMessageParser.Parse(MessageWriter.ToUtf8(tick)).Message);

        Assert.Equal(tick with { Certificate = null }, parsed with { Certificate = null });
        Assert.Equal(tick.Certificate!.Names, parsed.Certificate!.Names);
    }

    [Theory]
    [InlineData(""","warm":true""", true)]
    [InlineData(""","warm":false""", false)]
    [InlineData("", null)]
    public void Parse_TickWarm_ReadWhenSent(string extra, bool? warm)
    {
        var result = ValidatorMessageParser.Parse(Utf8(Tick(extra)));

        Assert.Null(result.Error);
        Assert.Equal(warm, Assert.IsType<TickResultMessage>(result.Message).Warm);
    }

    [Fact]
    public void WriteThenParse_WarmTick_RoundTrip()
    {
        var tick = new TickResultMessage(
            Guid.Parse(WebsiteId), TickStatus.Good, 0.8, new DateTime(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc), null,
            HttpStatus: 200, Phases: new TickPhases(null, null, null, 0.6, null), Warm: true);

        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(tick));

        Assert.Contains("\"warm\":true", json, StringComparison.Ordinal);
        Assert.Equal(tick, ValidatorMessageParser.Parse(Encoding.UTF8.GetBytes(json)).Message);
    }

    [Fact]
    public void Write_PlainTick_NoneOfTheNewFields()
    {
        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(
            new TickResultMessage(Guid.Parse(WebsiteId), TickStatus.Good, 1, new DateTime(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc), null)));

        Assert.DoesNotContain("phases", json);
        Assert.DoesNotContain("httpStatus", json);
        Assert.DoesNotContain("certificate", json);
        Assert.DoesNotContain("warm", json);
    }

    [Fact]
    public void WriteThenParse_RichCheckItem_TypeAndCheckObjectAsJson()
    {
        var message = new CheckWebsiteMessage(
            [new WebsiteCheck(Guid.Parse(WebsiteId), "tcp://db.example.com:5432", 30, null, "tcp", """{"send":null,"expect":"ok","timeoutSeconds":5}""")],
            new DateTime(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc));

        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(message));
        var parsed = Assert.IsType<CheckWebsiteMessage>(HubMessageParser.Parse(Encoding.UTF8.GetBytes(json)).Message);

        Assert.Contains(""""type":"tcp","check":{"send":null,"expect":"ok","timeoutSeconds":5}"""", json);
        var item = Assert.Single(parsed.Websites);
        Assert.Equal("tcp", item.Type);
        Assert.Equal("""{"send":null,"expect":"ok","timeoutSeconds":5}""", item.Check);
    }

    [Fact]
    public void Write_PlainItem_OnlyTheSpecsFields()
    {
        var message = new CheckWebsiteMessage(
            [new WebsiteCheck(Guid.Parse(WebsiteId), "https://example.com", 30)], new DateTime(2025, 11, 20, 12, 0, 0, DateTimeKind.Utc));

        var json = Encoding.UTF8.GetString(MessageWriter.ToUtf8(message));

        Assert.Contains($$"""{"websiteId":"{{WebsiteId}}","url":"https://example.com","interval":30}""", json);
    }

    [Theory]
    [InlineData(""","type":"push" """, "payload.websites[0].type must be \"http\", \"tcp\" or \"dns\"")]
    [InlineData(""","type":"ftp" """, "payload.websites[0].type must be \"http\", \"tcp\" or \"dns\"")]
    [InlineData(""","check":"GET" """, "payload.websites[0].check must be an object or null")]
    public void Parse_CheckItemWithBadTypeOrCheck_InvalidField(string extra, string message)
    {
        var frame = $$$"""{"type":"CHECK_WEBSITE","payload":{"websites":[{"websiteId":"{{{WebsiteId}}}","url":"https://example.com","interval":30{{{extra}}}}],"timestamp":"2025-11-20T12:00:00Z"}}""";

        var result = HubMessageParser.Parse(Utf8(frame));

        Assert.Equal(new ProtocolError(ErrorCodes.InvalidField, message), result.Error);
    }

    private static string Register(string extraProperties) =>
        $$$"""{"type":"REGISTER","payload":{"publicKey":"{{{Key}}}","location":"eu-west"{{{extraProperties}}}}}""";

    private static string Tick(string extraProperties) =>
        $$$"""{"type":"TICK_RESULT","payload":{"websiteId":"{{{WebsiteId}}}","status":"Good","latency":85.5,"timestamp":"2025-11-20T12:00:00Z","error":null{{{extraProperties}}}}}""";

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
