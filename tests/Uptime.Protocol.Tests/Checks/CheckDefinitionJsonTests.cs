using System.Text.Json;
using Uptime.Protocol.Checks;

namespace Uptime.Protocol.Tests.Checks;

/// <summary>The check definition JSON: defaults, each rule's refusal with its path, and the canonical writer's round trip.</summary>
public class CheckDefinitionJsonTests
{
    [Theory]
    [InlineData(MonitorType.Http)]
    [InlineData(MonitorType.Tcp)]
    [InlineData(MonitorType.Dns)]
    [InlineData(MonitorType.Push)]
    public void Read_EmptyObject_ThePlainCheck(MonitorType type)
    {
        var definition = Read(type, "{}");

        Assert.Equal(CheckDefinitionJson.Write(CheckDefinitionJson.Plain(type)), CheckDefinitionJson.Write(definition));
        Assert.True(CheckDefinitionJson.IsPlain(definition));
    }

    [Fact]
    public void Read_EveryHttpField_TheDefinition()
    {
        var definition = Assert.IsType<HttpCheckDefinition>(Read(MonitorType.Http, """
            {"method":"POST","headers":{"X-Api-Key":"secret","Accept":"application/json"},"body":"{\"q\":1}",
             "statusCodes":[200,"300-302"],"followRedirects":false,"maxRedirects":0,"timeoutSeconds":5,"maxBodyBytes":1024,
             "assertions":[
               {"source":"body","operator":"contains","value":"healthy"},
               {"source":"json","path":"status","operator":"==","value":"ok"},
               {"source":"json","path":"queue.depth","operator":"<","value":100},
               {"source":"header","name":"Content-Type","operator":"matches","value":"^application/json"},
               {"source":"header","name":"ETag","operator":"exists"}]}
            """));

        Assert.Equal("POST", definition.Method);
        Assert.Equal([new("Accept", "application/json"), new("X-Api-Key", "secret")], definition.Headers);
        Assert.Equal("{\"q\":1}", definition.Body);
        Assert.Equal([new StatusCodeRange(200, 200), new StatusCodeRange(300, 302)], definition.StatusCodes);
        Assert.Equal((false, 0, 5, 1024), (definition.FollowRedirects, definition.MaxRedirects, definition.TimeoutSeconds, definition.MaxBodyBytes));
        Assert.Equal(
            [
                new CheckAssertion(AssertionSource.Body, AssertionOperator.Contains, null, "healthy"),
                new CheckAssertion(AssertionSource.Json, AssertionOperator.Equal, "status", "\"ok\""),
                new CheckAssertion(AssertionSource.Json, AssertionOperator.LessThan, "queue.depth", "100"),
                new CheckAssertion(AssertionSource.Header, AssertionOperator.Matches, "Content-Type", "^application/json"),
                new CheckAssertion(AssertionSource.Header, AssertionOperator.Exists, "ETag", null),
            ],
            definition.Assertions);
        Assert.True(definition.ReadsBody);
        Assert.True(definition.Accepts(301));
        Assert.False(definition.Accepts(204));
    }

    [Fact]
    public void Write_HttpDefinition_CanonicalTextThatReadsBackEqual()
    {
        var definition = new HttpCheckDefinition(
            "PUT", [new("X-Trace", "a\tb")], "<ping/>", [new(200, 204), new(418, 418)], true, 3, 20, 2048,
            [
                new CheckAssertion(AssertionSource.Json, AssertionOperator.Contains, "tags", "[\"a\",{\"b\":null}]"),
                new CheckAssertion(AssertionSource.Json, AssertionOperator.Exists, "data", null),
                new CheckAssertion(AssertionSource.Body, AssertionOperator.NotMatches, null, "error|fail"),
                new CheckAssertion(AssertionSource.Header, AssertionOperator.NotEqual, "Server", "nginx"),
            ]);

        var text = CheckDefinitionJson.Write(definition);

        Assert.Equal(
            """{"method":"PUT","headers":{"X-Trace":"a\tb"},"body":"<ping/>","statusCodes":["200-204",418],"followRedirects":true,"maxRedirects":3,"timeoutSeconds":20,"maxBodyBytes":2048,"assertions":[{"source":"json","path":"tags","operator":"contains","value":["a",{"b":null}]},{"source":"json","path":"data","operator":"exists","value":null},{"source":"body","operator":"notMatches","value":"error|fail"},{"source":"header","name":"Server","operator":"!=","value":"nginx"}]}""",
            text);
        AssertSameHttp(definition, Assert.IsType<HttpCheckDefinition>(Read(MonitorType.Http, text)));
        Assert.Equal(text, CheckDefinitionJson.Write(Read(MonitorType.Http, text)));
    }

    [Fact]
    public void Write_PlainHttp_ReadsBackAsPlain()
    {
        var text = CheckDefinitionJson.Write(HttpCheckDefinition.Plain);

        Assert.Equal(
            """{"method":"GET","headers":{},"body":null,"statusCodes":["200-399"],"followRedirects":true,"maxRedirects":5,"timeoutSeconds":10,"maxBodyBytes":65536,"assertions":[]}""",
            text);
        AssertSameHttp(HttpCheckDefinition.Plain, Assert.IsType<HttpCheckDefinition>(Read(MonitorType.Http, text)));
    }

    [Fact]
    public void Write_OtherTypes_ReadBackEqual()
    {
        CheckDefinition[] definitions =
        [
            new TcpCheckDefinition("PING\r\n", "+PONG", 3),
            TcpCheckDefinition.Plain,
            new DnsCheckDefinition("MX", "9.9.9.9:53", "mail.example.com", 2),
            new DnsCheckDefinition("AAAA", "[2620:fe::fe]:5353", null, 60),
            DnsCheckDefinition.Plain,
            new PushCheckDefinition(0),
            PushCheckDefinition.Plain,
        ];

        foreach (var definition in definitions)
        {
            Assert.Equal(definition, Read(definition.Type, CheckDefinitionJson.Write(definition)));
        }

        Assert.Equal("""{"send":"PING\r\n","expect":"+PONG","timeoutSeconds":3}""", CheckDefinitionJson.Write(definitions[0]));
        Assert.Equal("""{"recordType":"MX","server":"9.9.9.9:53","expected":"mail.example.com","timeoutSeconds":2}""", CheckDefinitionJson.Write(definitions[2]));
        Assert.Equal("""{"graceSeconds":0}""", CheckDefinitionJson.Write(definitions[5]));
    }

    [Fact]
    public void Read_JsonValue_KeptAsCompactJson()
    {
        var definition = Assert.IsType<HttpCheckDefinition>(Read(MonitorType.Http, """
            {"assertions":[{"source":"json","path":"a","operator":"==","value": { "x" : [ 1.50, true ] }},
                           {"source":"json","path":"b","operator":"!=","value":null}]}
            """));

        Assert.Equal("""{"x":[1.50,true]}""", definition.Assertions[0].Value);
        Assert.Equal("null", definition.Assertions[1].Value);
    }

    [Theory]
    [InlineData("""{"method":"get"}""", "check.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (upper case)")]
    [InlineData("""{"method":"TRACE"}""", "check.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (upper case)")]
    [InlineData("""{"method":1}""", "check.method must be a string")]
    [InlineData("""{"headers":{"X-A":"1\r\nX-B: 2"}}""", "check.headers.X-A contains CR, LF or NUL (header injection)")]
    [InlineData("""{"headers":{"X-A":"a\nb"}}""", "check.headers.X-A contains CR, LF or NUL (header injection)")]
    [InlineData("""{"headers":{"X-A":"a\u0000b"}}""", "check.headers.X-A contains CR, LF or NUL (header injection)")]
    [InlineData("""{"headers":{"X-A\r\nX-B":"1"}}""", "check.headers.X-A\\u000d\\u000aX-B contains CR, LF or NUL (header injection)")]
    [InlineData("""{"headers":{"X A":"1"}}""", "check.headers.X A is not a valid header name (letters, digits and !#$%&'*+-.^_`|~, at most 512)")]
    [InlineData("""{"headers":{"X-A":"a\u0007"}}""", "check.headers.X-A must be at most 8192 characters without control characters")]
    [InlineData("""{"headers":{"host":"internal"}}""", "check.headers.host cannot be set: the HTTP client sets it (Host, Content-Length, Transfer-Encoding, Connection, Keep-Alive, Upgrade, TE, Trailer, Expect, Proxy-Connection are refused)")]
    [InlineData("""{"headers":{"Transfer-Encoding":"chunked"}}""", "check.headers.Transfer-Encoding cannot be set: the HTTP client sets it (Host, Content-Length, Transfer-Encoding, Connection, Keep-Alive, Upgrade, TE, Trailer, Expect, Proxy-Connection are refused)")]
    [InlineData("""{"headers":{"X-A":"1","x-a":"2"}}""", "check.headers.x-a appears more than once (header names are case-insensitive)")]
    [InlineData("""{"headers":{"X-A":1}}""", "check.headers.X-A must be a string")]
    [InlineData("""{"headers":["X-A"]}""", "check.headers must be an object of header names and values")]
    [InlineData("""{"body":"x"}""", "check.body cannot be sent with GET; use POST, PUT, PATCH, DELETE or OPTIONS")]
    [InlineData("""{"method":"HEAD","body":"x"}""", "check.body cannot be sent with HEAD; use POST, PUT, PATCH, DELETE or OPTIONS")]
    [InlineData("""{"statusCodes":[]}""", "check.statusCodes must be an array of 1–32 status codes or ranges")]
    [InlineData("""{"statusCodes":[200,99]}""", "check.statusCodes[1] must be a status code 100–599 or a range such as \"200-299\"")]
    [InlineData("""{"statusCodes":["299-200"]}""", "check.statusCodes[0] must be a status code 100–599 or a range such as \"200-299\"")]
    [InlineData("""{"statusCodes":["200-600"]}""", "check.statusCodes[0] must be a status code 100–599 or a range such as \"200-299\"")]
    [InlineData("""{"statusCodes":["200"]}""", "check.statusCodes[0] must be a status code 100–599 or a range such as \"200-299\"")]
    [InlineData("""{"statusCodes":[200.5]}""", "check.statusCodes[0] must be a status code 100–599 or a range such as \"200-299\"")]
    [InlineData("""{"followRedirects":"yes"}""", "check.followRedirects must be true or false")]
    [InlineData("""{"maxRedirects":21}""", "check.maxRedirects must be a whole number between 0 and 20")]
    [InlineData("""{"timeoutSeconds":0}""", "check.timeoutSeconds must be a whole number between 1 and 60")]
    [InlineData("""{"timeoutSeconds":61}""", "check.timeoutSeconds must be a whole number between 1 and 60")]
    [InlineData("""{"maxBodyBytes":1048577}""", "check.maxBodyBytes must be a whole number between 1 and 1048576")]
    [InlineData("""{"maxBodyBytes":0}""", "check.maxBodyBytes must be a whole number between 1 and 1048576")]
    [InlineData("""{"retries":3}""", "check.retries is not a known field; expected method, headers, body, statusCodes, followRedirects, maxRedirects, timeoutSeconds, maxBodyBytes, assertions, connection")]
    [InlineData("""{"method":"GET","method":"POST"}""", "check.method appears more than once")]
    [InlineData("""{"assertions":{}}""", "check.assertions must be an array of at most 16 assertions")]
    [InlineData("""{"assertions":[1]}""", "check.assertions[0] must be an object")]
    [InlineData("""{"assertions":[{"operator":"contains","value":"x"}]}""", "check.assertions[0].source is required: one of body, json, header")]
    [InlineData("""{"assertions":[{"source":"xml","operator":"contains","value":"x"}]}""", "check.assertions[0].source must be one of body, json, header")]
    [InlineData("""{"assertions":[{"source":"body","operator":"==","value":"x"}]}""", "check.assertions[0].operator must be one of contains, notContains, matches, notMatches for a body assertion")]
    [InlineData("""{"assertions":[{"source":"body","value":"x"}]}""", "check.assertions[0].operator is required: one of contains, notContains, matches, notMatches")]
    [InlineData("""{"assertions":[{"source":"body","operator":"contains"}]}""", "check.assertions[0].value is required: a string of at most 1024 characters")]
    [InlineData("""{"assertions":[{"source":"body","operator":"contains","value":""}]}""", "check.assertions[0].value must not be empty with contains")]
    [InlineData("""{"assertions":[{"source":"body","path":"a","operator":"contains","value":"x"}]}""", "check.assertions[0].path is not a known field; expected source, operator, value")]
    [InlineData("""{"assertions":[{"source":"json","path":"a","operator":"matches","value":"x"}]}""", "check.assertions[0].operator must be one of ==, !=, <, >, contains, exists for a json assertion")]
    [InlineData("""{"assertions":[{"source":"json","operator":"exists"}]}""", "check.assertions[0].path is required: a JMESPath expression such as status or data.items[0].state")]
    [InlineData("""{"assertions":[{"source":"json","path":"a","operator":"=="}]}""", "check.assertions[0].value is required: a JSON value such as \"ok\", 3 or true")]
    [InlineData("""{"assertions":[{"source":"json","path":"a","operator":">","value":"5"}]}""", "check.assertions[0].value must be a number with >")]
    [InlineData("""{"assertions":[{"source":"json","path":"a","operator":"exists","value":true}]}""", "check.assertions[0].value must be left out with exists")]
    [InlineData("""{"assertions":[{"source":"header","operator":"exists"}]}""", "check.assertions[0].name is required: a response header name such as Content-Type")]
    [InlineData("""{"assertions":[{"source":"header","name":"Bad Name","operator":"exists"}]}""", "check.assertions[0].name is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)")]
    [InlineData("""{"assertions":[{"source":"header","name":"A\nB","operator":"exists"}]}""", "check.assertions[0].name contains CR, LF or NUL (header injection)")]
    [InlineData("""{"assertions":[{"source":"header","name":"Server","operator":"<","value":"x"}]}""", "check.assertions[0].operator must be one of contains, notContains, matches, notMatches, ==, !=, exists for a header assertion")]
    [InlineData("""{"method":"HEAD","assertions":[{"source":"body","operator":"contains","value":"x"}]}""", "check.assertions[0].source body needs the response body, which a HEAD request does not get")]
    [InlineData("""{"method":"HEAD","assertions":[{"source":"json","path":"a","operator":"exists"}]}""", "check.assertions[0].source json needs the response body, which a HEAD request does not get")]
    public void Read_BadHttpField_ProblemNamesThePath(string json, string expected)
    {
        Assert.Equal(expected, Problem(MonitorType.Http, json));
    }

    [Fact]
    public void Read_InvalidRegex_ProblemSaysWhy()
    {
        var problem = Problem(MonitorType.Http, """{"assertions":[{"source":"body","operator":"contains","value":"ok"},{"source":"body","operator":"matches","value":"(unclosed"}]}""");

        Assert.StartsWith("check.assertions[1].value is not a valid regular expression: ", problem);
    }

    [Theory]
    [InlineData("status[")]
    [InlineData("a..b")]
    [InlineData("nosuchfunction(a)")]
    public void Read_InvalidJmesPath_ProblemSaysWhy(string expression)
    {
        var problem = Problem(
            MonitorType.Http,
            $$"""{"assertions":[{"source":"body","operator":"contains","value":"ok"},{"source":"json","path":{{JsonSerializer.Serialize(expression)}},"operator":"exists"}]}""");

        Assert.StartsWith("check.assertions[1].path is not a valid JMESPath expression: ", problem);
    }

    [Fact]
    public void Read_BodyOfTheLimit_AcceptedOneByteMoreRefused()
    {
        var limit = new string('é', HttpCheckDefinition.MaxRequestBodyBytes / 2);

        Assert.Equal(limit, Assert.IsType<HttpCheckDefinition>(Read(MonitorType.Http, $$"""{"method":"POST","body":"{{limit}}"}""")).Body);
        Assert.Equal(
            "check.body must be at most 65536 bytes of UTF-8",
            Problem(MonitorType.Http, $$"""{"method":"POST","body":"{{limit}}x"}"""));
    }

    [Fact]
    public void Read_TooManyHeadersOrAssertions_Refused()
    {
        var headers = string.Join(",", Enumerable.Range(0, HttpCheckDefinition.MaxHeaders + 1).Select(i => $"\"X-{i}\":\"v\""));
        var assertions = string.Join(",", Enumerable.Repeat("""{"source":"body","operator":"contains","value":"x"}""", HttpCheckDefinition.MaxAssertions + 1));

        Assert.Equal("check.headers must have at most 32 headers", Problem(MonitorType.Http, $"{{\"headers\":{{{headers}}}}}"));
        Assert.Equal("check.assertions must be an array of at most 16 assertions", Problem(MonitorType.Http, $$"""{"assertions":[{{assertions}}]}"""));
    }

    [Fact]
    public void Read_NotAnObject_Refused()
    {
        Assert.Equal("check must be an object", Problem(MonitorType.Http, "[]"));
        Assert.Equal("check must be an object", Problem(MonitorType.Push, "60"));
    }

    [Fact]
    public void Read_OtherPath_UsedInProblems()
    {
        var definition = CheckDefinitionJson.Read(MonitorType.Http, Parse("""{"method":"X"}"""), "websites[3].check", out var problem);

        Assert.Null(definition);
        Assert.StartsWith("websites[3].check.method must be one of", problem);
    }

    [Fact]
    public void Read_NullFields_TakeTheirDefaults()
    {
        var definition = Read(MonitorType.Http, """{"method":null,"headers":null,"body":null,"statusCodes":null,"assertions":null,"timeoutSeconds":null}""");

        AssertSameHttp(HttpCheckDefinition.Plain, Assert.IsType<HttpCheckDefinition>(definition));
    }

    [Theory]
    [InlineData("""{"send":""}""", "check.send must not be empty (leave it out instead)")]
    [InlineData("""{"expect":7}""", "check.expect must be a string")]
    [InlineData("""{"timeoutSeconds":120}""", "check.timeoutSeconds must be a whole number between 1 and 60")]
    [InlineData("""{"host":"db"}""", "check.host is not a known field; expected send, expect, timeoutSeconds")]
    public void Read_BadTcpField_ProblemNamesThePath(string json, string expected)
    {
        Assert.Equal(expected, Problem(MonitorType.Tcp, json));
    }

    [Fact]
    public void Read_TcpTextsOverTheirByteLimits_Refused()
    {
        Assert.Equal("check.send must be at most 4096 bytes of UTF-8", Problem(MonitorType.Tcp, $$"""{"send":"{{new string('x', 4097)}}"}"""));
        Assert.Equal("check.expect must be at most 1024 bytes of UTF-8", Problem(MonitorType.Tcp, $$"""{"expect":"{{new string('€', 342)}}"}"""));
        Assert.Equal(new TcpCheckDefinition(null, new string('€', 341), 10), Read(MonitorType.Tcp, $$"""{"expect":"{{new string('€', 341)}}"}"""));
    }

    [Theory]
    [InlineData("""{"recordType":"a"}""", "check.recordType must be one of A, AAAA, CNAME, MX, NS, TXT, SOA, CAA, SRV, PTR (upper case)")]
    [InlineData("""{"recordType":"ANY"}""", "check.recordType must be one of A, AAAA, CNAME, MX, NS, TXT, SOA, CAA, SRV, PTR (upper case)")]
    [InlineData("""{"server":"dns.example.com"}""", "check.server must be an IP address, optionally with a port: 9.9.9.9, 9.9.9.9:53, 2620:fe::fe or [2620:fe::fe]:53")]
    [InlineData("""{"server":"1"}""", "check.server must be an IP address, optionally with a port: 9.9.9.9, 9.9.9.9:53, 2620:fe::fe or [2620:fe::fe]:53")]
    [InlineData("""{"server":"9.9.9.9:0"}""", "check.server must be an IP address, optionally with a port: 9.9.9.9, 9.9.9.9:53, 2620:fe::fe or [2620:fe::fe]:53")]
    [InlineData("""{"server":"9.9.9.9:70000"}""", "check.server must be an IP address, optionally with a port: 9.9.9.9, 9.9.9.9:53, 2620:fe::fe or [2620:fe::fe]:53")]
    [InlineData("""{"expected":""}""", "check.expected must not be empty (leave it out instead)")]
    [InlineData("""{"name":"example.com"}""", "check.name is not a known field; expected recordType, server, expected, timeoutSeconds")]
    public void Read_BadDnsField_ProblemNamesThePath(string json, string expected)
    {
        Assert.Equal(expected, Problem(MonitorType.Dns, json));
    }

    [Theory]
    [InlineData("9.9.9.9", "9.9.9.9")]
    [InlineData("9.9.9.9:5353", "9.9.9.9:5353")]
    [InlineData("2620:FE::FE", "2620:fe::fe")]
    [InlineData("[2620:fe::fe]:53", "[2620:fe::fe]:53")]
    public void Read_DnsServer_CanonicalText(string server, string expected)
    {
        Assert.Equal(expected, Assert.IsType<DnsCheckDefinition>(Read(MonitorType.Dns, $$"""{"server":"{{server}}"}""")).Server);
    }

    [Theory]
    [InlineData("""{"graceSeconds":-1}""", "check.graceSeconds must be a whole number between 0 and 86400")]
    [InlineData("""{"graceSeconds":86401}""", "check.graceSeconds must be a whole number between 0 and 86400")]
    [InlineData("""{"timeoutSeconds":5}""", "check.timeoutSeconds is not a known field; expected graceSeconds")]
    public void Read_BadPushField_ProblemNamesThePath(string json, string expected)
    {
        Assert.Equal(expected, Problem(MonitorType.Push, json));
    }

    [Fact]
    public void Read_ConnectionWarm_WarmAndWrittenBack()
    {
        var definition = Assert.IsType<HttpCheckDefinition>(Read(MonitorType.Http, """{"connection":"warm"}"""));

        Assert.Equal(CheckConnection.Warm, definition.Connection);
        Assert.EndsWith(""","connection":"warm"}""", CheckDefinitionJson.Write(definition), StringComparison.Ordinal);
        AssertSameHttp(definition, Assert.IsType<HttpCheckDefinition>(Read(MonitorType.Http, CheckDefinitionJson.Write(definition))));
        Assert.False(CheckDefinitionJson.IsPlain(definition));
    }

    [Fact]
    public void Read_ConnectionFresh_ThePlainCheckWithoutTheField()
    {
        var definition = Read(MonitorType.Http, """{"connection":"fresh"}""");

        Assert.True(CheckDefinitionJson.IsPlain(definition));
        Assert.DoesNotContain("connection", CheckDefinitionJson.Write(definition), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"connection":"hot"}""", "check.connection must be \"fresh\" or \"warm\"")]
    [InlineData("""{"connection":"Warm"}""", "check.connection must be \"fresh\" or \"warm\"")]
    [InlineData("""{"connection":true}""", "check.connection must be a string")]
    public void Read_BadConnection_ProblemNamesTheChoices(string json, string expected)
    {
        Assert.Equal(expected, Problem(MonitorType.Http, json));
    }

    [Fact]
    public void IsPlain_DefinitionWithAField_False()
    {
        Assert.False(CheckDefinitionJson.IsPlain(Read(MonitorType.Http, """{"timeoutSeconds":9}""")));
        Assert.False(CheckDefinitionJson.IsPlain(Read(MonitorType.Push, """{"graceSeconds":61}""")));
        Assert.True(CheckDefinitionJson.IsPlain(Read(MonitorType.Http, """{"statusCodes":["200-399"],"method":"GET"}""")));
    }

    private static void AssertSameHttp(HttpCheckDefinition expected, HttpCheckDefinition actual)
    {
        Assert.Equal(expected.Headers, actual.Headers);
        Assert.Equal(expected.StatusCodes, actual.StatusCodes);
        Assert.Equal(expected.Assertions, actual.Assertions);
        Assert.Equal(expected, actual with { Headers = expected.Headers, StatusCodes = expected.StatusCodes, Assertions = expected.Assertions });
    }

    private static CheckDefinition Read(MonitorType type, string json)
    {
        var definition = CheckDefinitionJson.Read(type, Parse(json), "check", out var problem);
        Assert.Null(problem);
        return definition!;
    }

    private static string? Problem(MonitorType type, string json)
    {
        var definition = CheckDefinitionJson.Read(type, Parse(json), "check", out var problem);
        Assert.Null(definition);
        return problem;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
