using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Websites;

public sealed class WebsiteInputTests
{
    private const string IntervalMessage = "interval must be a whole number of seconds between 10 and 86400";
    private const string AbsoluteUrlMessage = "url must be an absolute URL such as https://example.com/health";
    private const string Advice = " (a monitor must not reach the hub's own network; set ALLOW_PRIVATE_TARGETS=true on a private deployment)";

    private static readonly WebsiteTargets _publicOnly = new(allowPrivate: false, Resolve);

    /// <summary>DNS of the tests: intranet.example is private, not-yet.example does not resolve, every other name is public.</summary>
    private static Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) => host switch
    {
        "intranet.example" => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.1.2.3") }),
        "not-yet.example" => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)),
        _ => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") }),
    };

    [Fact]
    public async Task ReadAsync_CreateWithUrlAndInterval_Input()
    {
        var (input, errors) = await ReadAsync("""{"url":"https://example.com/health","interval":45}""", creating: true);

        Assert.Null(errors);
        Assert.Equal(new WebsiteInput("https://example.com/health", 45, null, VerdictPolicyChanges.None), input);
    }

    [Fact]
    public async Task ReadAsync_CreateWithoutInterval_IntervalNull()
    {
        var (input, errors) = await ReadAsync("""{"url":"http://example.com"}""", creating: true);

        Assert.Null(errors);
        Assert.Equal(new WebsiteInput("http://example.com", null, null, VerdictPolicyChanges.None), input);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(86400)]
    public async Task ReadAsync_IntervalAtTheBoundary_Accepted(int interval)
    {
        var (input, errors) = await ReadAsync($$"""{"url":"https://example.com","interval":{{interval}}}""", creating: true);

        Assert.Null(errors);
        Assert.Equal(interval, input!.Interval);
    }

    [Fact]
    public async Task ReadAsync_UrlWithSurroundingSpaces_Trimmed()
    {
        var (input, errors) = await ReadAsync("""{"url":"  https://example.com/health \t"}""", creating: true);

        Assert.Null(errors);
        Assert.Equal("https://example.com/health", input!.Url);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"interval":30}""")]
    public async Task ReadAsync_CreateWithoutUrl_UrlRequired(string body)
    {
        var (input, errors) = await ReadAsync(body, creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("url", "url is required"));
    }

    [Fact]
    public async Task ReadAsync_UpdateWithEmptyObject_NothingChanges()
    {
        var (input, errors) = await ReadAsync("{}", creating: false);

        Assert.Null(errors);
        Assert.Equal(new WebsiteInput(null, null, null, VerdictPolicyChanges.None), input);
    }

    [Fact]
    public async Task ReadAsync_UpdateEveryField_Input()
    {
        var (input, errors) = await ReadAsync("""{"url":"https://example.org","interval":60,"enabled":false}""", creating: false);

        Assert.Null(errors);
        Assert.Equal(new WebsiteInput("https://example.org", 60, false, VerdictPolicyChanges.None), input);
    }

    [Theory]
    [InlineData("""{"url":"ftp://x"}""", "url must use http or https, not ftp")]
    [InlineData("""{"url":"not a url"}""", AbsoluteUrlMessage)]
    [InlineData("""{"url":"http:///nohost"}""", AbsoluteUrlMessage)]
    [InlineData("""{"url":""}""", AbsoluteUrlMessage)]
    [InlineData("""{"url":"   "}""", AbsoluteUrlMessage)]
    [InlineData("""{"url":42}""", "url must be a string")]
    [InlineData("""{"url":null}""", "url must be a string")]
    [InlineData("""{"url":["https://example.com"]}""", "url must be a string")]
    public async Task ReadAsync_BadUrl_UrlError(string body, string message)
    {
        foreach (var creating in new[] { true, false })
        {
            var (input, errors) = await ReadAsync(body, creating);

            Assert.Null(input);
            AssertErrors(errors, ("url", message));
        }
    }

    [Fact]
    public async Task ReadAsync_UrlOf2048Characters_Accepted()
    {
        var url = LongUrl(WebsiteInput.MaxUrlLength);

        var (input, errors) = await ReadAsync($$"""{"url":"{{url}}"}""", creating: true);

        Assert.Null(errors);
        Assert.Equal(url, input!.Url);
    }

    [Fact]
    public async Task ReadAsync_UrlOver2048Characters_UrlError()
    {
        var (input, errors) = await ReadAsync($$"""{"url":"{{LongUrl(WebsiteInput.MaxUrlLength + 1)}}"}""", creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("url", "url must be at most 2048 characters"));
    }

    [Theory]
    [InlineData("9")]
    [InlineData("86401")]
    [InlineData("0")]
    [InlineData("-30")]
    [InlineData("30.5")]
    [InlineData("3e1")]
    [InlineData("99999999999")]
    [InlineData("\"30\"")]
    [InlineData("null")]
    [InlineData("true")]
    public async Task ReadAsync_BadInterval_IntervalError(string interval)
    {
        foreach (var creating in new[] { true, false })
        {
            var (input, errors) = await ReadAsync($$"""{"url":"https://example.com","interval":{{interval}}}""", creating);

            Assert.Null(input);
            AssertErrors(errors, ("interval", IntervalMessage));
        }
    }

    [Fact]
    public async Task ReadAsync_EnabledOnCreate_UnknownField()
    {
        var (input, errors) = await ReadAsync("""{"url":"https://example.com","enabled":true}""", creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("enabled", "Unknown field \"enabled\"; expected url, type, check, interval, name, tags, regions, validatorsPerRegion, downQuorum, failingRounds, degradedLatencyMs, incidentOnDegraded, recoverySeconds"));
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("null")]
    public async Task ReadAsync_BadEnabledOnUpdate_EnabledError(string enabled)
    {
        var (input, errors) = await ReadAsync($$"""{"enabled":{{enabled}}}""", creating: false);

        Assert.Null(input);
        AssertErrors(errors, ("enabled", "enabled must be true or false"));
    }

    [Fact]
    public async Task ReadAsync_UnknownFieldOnCreate_ErrorListsCreateFields()
    {
        var (input, errors) = await ReadAsync("""{"url":"https://example.com","intervall":30}""", creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("intervall", "Unknown field \"intervall\"; expected url, type, check, interval, name, tags, regions, validatorsPerRegion, downQuorum, failingRounds, degradedLatencyMs, incidentOnDegraded, recoverySeconds"));
    }

    [Fact]
    public async Task ReadAsync_UnknownFieldOnUpdate_ErrorListsUpdateFields()
    {
        var (input, errors) = await ReadAsync("""{"intervall":30}""", creating: false);

        Assert.Null(input);
        AssertErrors(errors, ("intervall", "Unknown field \"intervall\"; expected url, type, check, interval, enabled, name, tags, regions, validatorsPerRegion, downQuorum, failingRounds, degradedLatencyMs, incidentOnDegraded, recoverySeconds"));
    }

    [Fact]
    public async Task ReadAsync_FieldNameInOtherCase_UnknownField()
    {
        var (_, errors) = await ReadAsync("""{"URL":"https://example.com"}""", creating: false);

        AssertErrors(errors, ("URL", "Unknown field \"URL\"; expected url, type, check, interval, enabled, name, tags, regions, validatorsPerRegion, downQuorum, failingRounds, degradedLatencyMs, incidentOnDegraded, recoverySeconds"));
    }

    [Theory]
    [InlineData("""{"url":"https://example.com",""")]
    [InlineData("""{url:"https://example.com"}""")]
    [InlineData("")]
    public async Task ReadAsync_MalformedJson_BodyError(string body)
    {
        var (input, errors) = await ReadAsync(body, creating: true);

        Assert.Null(input);
        Assert.NotNull(errors);
        var (field, messages) = Assert.Single(errors);
        Assert.Equal("body", field);
        Assert.StartsWith("The body is not valid JSON: ", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"url":"https://example.com"}]""")]
    [InlineData("\"https://example.com\"")]
    [InlineData("null")]
    public async Task ReadAsync_BodyNotAnObject_BodyError(string body)
    {
        var (input, errors) = await ReadAsync(body, creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("body", "The body must be a JSON object"));
    }

    [Fact]
    public async Task ReadAsync_ContentLengthOver128KiB_BodyError()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"url":"https://example.com"}"""));
        context.Request.ContentLength = 128 * 1024 + 1;

        var (input, errors) = await WebsiteInput.ReadAsync(context.Request, creating: true, _publicOnly);

        Assert.Null(input);
        AssertErrors(errors, ("body", "The body must be at most 131072 bytes"));
    }

    [Fact]
    public async Task ReadAsync_SeveralProblems_EveryOneReported()
    {
        var (input, errors) = await ReadAsync("""{"url":"ftp://x","interval":9,"enabled":"yes","intervall":30}""", creating: false);

        Assert.Null(input);
        AssertErrors(
            errors,
            ("url", "url must use http or https, not ftp"),
            ("interval", IntervalMessage),
            ("enabled", "enabled must be true or false"),
            ("intervall", "Unknown field \"intervall\"; expected url, type, check, interval, enabled, name, tags, regions, validatorsPerRegion, downQuorum, failingRounds, degradedLatencyMs, incidentOnDegraded, recoverySeconds"));
    }

    [Fact]
    public async Task ReadAsync_CreateWithBadIntervalAndNoUrl_BothReported()
    {
        var (_, errors) = await ReadAsync("""{"interval":"30"}""", creating: true);

        AssertErrors(errors, ("interval", IntervalMessage), ("url", "url is required"));
    }

    [Theory]
    [InlineData("https://example.com/health", null)]
    [InlineData("http://example.com", null)]
    [InlineData("HTTPS://EXAMPLE.COM/", null)]
    [InlineData("http://93.184.216.34:8080/status?full=1", null)]
    [InlineData("http://[2606:2800:220:1::]:8080/", null)]
    [InlineData("https://user:pw@example.com/", "url is refused: URL must not contain credentials (user@ or user:password@)" + Advice)]
    [InlineData("http://127.0.0.1:8080/", "url is refused: 127.0.0.1 is a loopback address" + Advice)]
    [InlineData("http://2130706433/", "url is refused: 127.0.0.1 is a loopback address" + Advice)]
    [InlineData("http://169.254.169.254/latest/meta-data", "url is refused: 169.254.169.254 is a cloud metadata address" + Advice)]
    [InlineData("ftp://example.com/file", "url must use http or https, not ftp")]
    [InlineData("ws://example.com/socket", "url must use http or https, not ws")]
    [InlineData("mailto:admin@example.com", "url must use http or https, not mailto")]
    [InlineData("file:///etc/passwd", AbsoluteUrlMessage)]
    [InlineData("javascript:alert(1)", AbsoluteUrlMessage)]
    [InlineData("/health", AbsoluteUrlMessage)]
    [InlineData("example.com", AbsoluteUrlMessage)]
    [InlineData("not a url", AbsoluteUrlMessage)]
    [InlineData("http:///nohost", AbsoluteUrlMessage)]
    [InlineData("", AbsoluteUrlMessage)]
    public void CheckSyntax_Table_ReasonOrNull(string url, string? expected)
    {
        Assert.Equal(expected, _publicOnly.CheckSyntax(url));
    }

    [Fact]
    public void CheckSyntax_OverMaxLength_LengthReason()
    {
        Assert.Null(_publicOnly.CheckSyntax(LongUrl(2048)));
        Assert.Equal("url must be at most 2048 characters", _publicOnly.CheckSyntax(LongUrl(2049)));
    }

    [Fact]
    public void CheckSyntax_PrivateTargetsAllowed_LoopbackAcceptedCredentialsStillRefused()
    {
        var allowing = new WebsiteTargets(allowPrivate: true, Resolve);

        Assert.Null(allowing.CheckSyntax("http://127.0.0.1:8080/"));
        Assert.NotNull(allowing.CheckSyntax("https://user:pw@example.com/"));
    }

    [Fact]
    public async Task ReadAsync_NameResolvingToPrivateAddress_UrlRefused()
    {
        var (input, errors) = await ReadAsync("""{"url":"http://intranet.example/health"}""", creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("url", "url is refused: host intranet.example resolves to a refused address: 10.1.2.3 is a private address" + Advice));
    }

    [Fact]
    public async Task ReadAsync_NameThatDoesNotResolve_Accepted()
    {
        var (input, errors) = await ReadAsync("""{"url":"http://not-yet.example/health"}""", creating: true);

        Assert.Null(errors);
        Assert.Equal("http://not-yet.example/health", input!.Url);
    }

    [Fact]
    public async Task ReadAsync_UrlWithInvalidUtf8_Refused()
    {
        byte[] body = [.. "{\"url\":\"http://a"u8, 0xC3, 0x28, .. "\"}"u8];

        var (input, errors) = await ReadAsync(body, creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("url", "url must be valid Unicode text"));
    }

    [Fact]
    public async Task ReadAsync_DuplicateField_Refused()
    {
        var (input, errors) = await ReadAsync("""{"url":"https://example.com","url":"https://example.org"}""", creating: true);

        Assert.Null(input);
        AssertErrors(errors, ("url", "url appears more than once"));
    }

    [Fact]
    public async Task ReadAsync_EveryVerdictField_Input()
    {
        const string Body = """
            {"url":"https://example.com","regions":[" eu-west ","us-east"],"validatorsPerRegion":2,"downQuorum":2,"failingRounds":3,
             "degradedLatencyMs":800,"incidentOnDegraded":true,"recoverySeconds":0}
            """;

        var (input, errors) = await ReadAsync(Body, creating: true);

        Assert.Null(errors);
        var policy = input!.Verdict.ApplyTo(Grains.VerdictPolicy.Default);
        Assert.Equal(["eu-west", "us-east"], policy.Regions!);
        Assert.Equal(new Grains.VerdictPolicy(policy.Regions, 2, 2, 3, 800, true, 0), policy);
    }

    [Fact]
    public async Task ReadAsync_VerdictFieldsNull_SetBackToTheirDefaults()
    {
        var (input, errors) = await ReadAsync("""{"regions":null,"validatorsPerRegion":null,"downQuorum":null,"degradedLatencyMs":null}""", creating: false);

        Assert.Null(errors);
        var changed = input!.Verdict.ApplyTo(new Grains.VerdictPolicy(["eu"], 1, 1, 1, 100));

        Assert.Equal(Grains.VerdictPolicy.Default, changed);
    }

    [Theory]
    [InlineData("""{"regions":[]}""", "regions", "regions must be null (every region) or an array of 1 to 20 validator locations (VALIDATOR_LOCATION), each 1 to 128 characters")]
    [InlineData("""{"regions":"eu"}""", "regions", "regions must be null (every region) or an array of 1 to 20 validator locations (VALIDATOR_LOCATION), each 1 to 128 characters")]
    [InlineData("""{"regions":["eu",""]}""", "regions", "regions must be null (every region) or an array of 1 to 20 validator locations (VALIDATOR_LOCATION), each 1 to 128 characters; item 1 is not")]
    [InlineData("""{"regions":["eu",7]}""", "regions", "regions must be null (every region) or an array of 1 to 20 validator locations (VALIDATOR_LOCATION), each 1 to 128 characters; item 1 is not")]
    [InlineData("""{"regions":["eu","EU"]}""", "regions", "regions names \"EU\" more than once (regions compare case-insensitively)")]
    [InlineData("""{"validatorsPerRegion":0}""", "validatorsPerRegion", "validatorsPerRegion must be a whole number between 1 and 100, or null for every validator of each region")]
    [InlineData("""{"downQuorum":21}""", "downQuorum", "downQuorum must be a whole number between 1 and 20, or null for more than half of the regions with usable data")]
    [InlineData("""{"regions":["eu"],"downQuorum":2}""", "downQuorum", "downQuorum 2 is more than the 1 region(s) in regions")]
    [InlineData("""{"failingRounds":null}""", "failingRounds", "failingRounds must be a whole number between 1 and 10")]
    [InlineData("""{"failingRounds":1.5}""", "failingRounds", "failingRounds must be a whole number between 1 and 10")]
    [InlineData("""{"degradedLatencyMs":60001}""", "degradedLatencyMs", "degradedLatencyMs must be a whole number between 1 and 60000, or null for no latency threshold")]
    [InlineData("""{"incidentOnDegraded":"yes"}""", "incidentOnDegraded", "incidentOnDegraded must be true or false")]
    [InlineData("""{"recoverySeconds":-1}""", "recoverySeconds", "recoverySeconds must be a whole number between 0 and 86400")]
    public async Task ReadAsync_BadVerdictField_NamesTheField(string body, string field, string message)
    {
        var (input, errors) = await ReadAsync(body, creating: false);

        Assert.Null(input);
        AssertErrors(errors, (field, message));
    }

    private const string NameRule = "name must be null (no name) or a string of 1 to 200 characters without control characters";
    private const string TagsRule =
        "tags must be an array of at most 20 tags, each 1 to 50 characters of a-z, 0-9, '.', '_' and '-' (upper case is lower-cased)";

    [Fact]
    public async Task ReadAsync_NameAndTags_NameTrimmedTagsLowerCasedWithoutDuplicates()
    {
        var (input, errors) = await ReadAsync(
            """{"url":"https://example.com","name":"  Shop checkout \t","tags":["Prod","shop.eu_1-a","prod"," PROD "]}""", creating: true);

        Assert.Null(errors);
        Assert.Equal(new Set<string?>("Shop checkout"), input!.Name);
        Assert.Equal(["prod", "shop.eu_1-a"], input.Tags!);
    }

    [Fact]
    public async Task ReadAsync_NoNameNorTags_BothLeftAsTheyAre()
    {
        var (input, errors) = await ReadAsync("""{"interval":60}""", creating: false);

        Assert.Null(errors);
        Assert.Null(input!.Name);
        Assert.Null(input.Tags);
    }

    [Fact]
    public async Task ReadAsync_NameNull_ClearsTheName()
    {
        var (input, errors) = await ReadAsync("""{"name":null}""", creating: false);

        Assert.Null(errors);
        Assert.Equal(new Set<string?>(null), input!.Name);
    }

    [Fact]
    public async Task ReadAsync_EmptyTags_ClearsTheTags()
    {
        var (input, errors) = await ReadAsync("""{"tags":[]}""", creating: false);

        Assert.Null(errors);
        Assert.Equal([], input!.Tags!);
    }

    [Fact]
    public async Task ReadAsync_NameAndTagsAtTheirLimits_Accepted()
    {
        var tags = string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"{i}{new string('t', 48)}\""));
        var (input, errors) = await ReadAsync($$"""{"name":"{{new string('n', 200)}}","tags":[{{tags}}]}""", creating: false);

        Assert.Null(errors);
        Assert.Equal(200, input!.Name!.Value.Value!.Length);
        Assert.Equal(20, input.Tags!.Length);
    }

    [Theory]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"name":"   "}""")]
    [InlineData("""{"name":"line\nbreak"}""")]
    [InlineData("""{"name":"bell\u0007"}""")]
    [InlineData("""{"name":42}""")]
    [InlineData("""{"name":["a"]}""")]
    [InlineData("""{"name":"\ud800"}""")]
    public async Task ReadAsync_BadName_NamesTheRule(string body)
    {
        var (input, errors) = await ReadAsync(body, creating: false);

        Assert.Null(input);
        AssertErrors(errors, ("name", NameRule));
    }

    [Fact]
    public async Task ReadAsync_NameTooLong_NamesTheRule()
    {
        var (input, errors) = await ReadAsync($$"""{"name":"{{new string('n', 201)}}"}""", creating: false);

        Assert.Null(input);
        AssertErrors(errors, ("name", NameRule));
    }

    [Theory]
    [InlineData("""{"tags":"prod"}""", TagsRule)]
    [InlineData("""{"tags":null}""", TagsRule)]
    [InlineData("""{"tags":{"a":1}}""", TagsRule)]
    [InlineData("""{"tags":["ok",""]}""", TagsRule + "; item 1 is not")]
    [InlineData("""{"tags":["has space"]}""", TagsRule + "; item 0 is not")]
    [InlineData("""{"tags":["a/b"]}""", TagsRule + "; item 0 is not")]
    [InlineData("""{"tags":["émoji"]}""", TagsRule + "; item 0 is not")]
    [InlineData("""{"tags":[1]}""", TagsRule + "; item 0 is not")]
    [InlineData("""{"tags":["ok",null]}""", TagsRule + "; item 1 is not")]
    public async Task ReadAsync_BadTags_NamesTheRule(string body, string message)
    {
        var (input, errors) = await ReadAsync(body, creating: false);

        Assert.Null(input);
        AssertErrors(errors, ("tags", message));
    }

    [Fact]
    public async Task ReadAsync_TagTooLong_NamesTheItem()
    {
        var (input, errors) = await ReadAsync($$"""{"tags":["{{new string('t', 51)}}"]}""", creating: false);

        Assert.Null(input);
        AssertErrors(errors, ("tags", TagsRule + "; item 0 is not"));
    }

    [Fact]
    public async Task ReadAsync_MoreThanTwentyTags_NamesTheRule()
    {
        var tags = string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"t{i}\""));
        var (input, errors) = await ReadAsync($$"""{"tags":[{{tags}}]}""", creating: false);

        Assert.Null(input);
        AssertErrors(errors, ("tags", TagsRule));
    }

    private static Task<(WebsiteInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(string body, bool creating) =>
        ReadAsync(Encoding.UTF8.GetBytes(body), creating);

    private static Task<(WebsiteInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(byte[] bytes, bool creating)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = creating ? "POST" : "PATCH";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        return WebsiteInput.ReadAsync(context.Request, creating, _publicOnly);
    }

    private static string LongUrl(int length)
    {
        const string Prefix = "https://example.com/";
        return Prefix + new string('a', length - Prefix.Length);
    }

    private static void AssertErrors(Dictionary<string, string[]>? errors, params (string Field, string Message)[] expected)
    {
        Assert.NotNull(errors);
        Assert.Equal(
            expected.OrderBy(e => e.Field, StringComparer.Ordinal).Select(e => $"{e.Field}: {e.Message}"),
            errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {string.Join(" | ", e.Value)}"));
    }
}
