using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Uptime.Hub.Websites;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Tests.Websites;

/// <summary>The <c>type</c> and <c>check</c> fields of a website body: each type's URL rule, the check's 400s, changes of type.</summary>
public sealed class WebsiteMonitorInputTests
{
    private const string Advice = " (a monitor must not reach the hub's own network; set ALLOW_PRIVATE_TARGETS=true on a private deployment)";

    private static readonly WebsiteTargets _publicOnly = new(allowPrivate: false, Resolve);

    /// <summary>DNS of the tests: intranet.example is private, every other name is public.</summary>
    private static Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) => Task.FromResult(
        host == "intranet.example" ? [IPAddress.Parse("10.1.2.3")] : new[] { IPAddress.Parse("93.184.216.34") });

    [Fact]
    public async Task ReadAsync_HttpCheck_CanonicalText()
    {
        var (input, errors) = await ReadAsync("""
            {"url":"https://example.com","check":{"assertions":[{"source":"body","operator":"contains","value":"ok"}],"timeoutSeconds":5}}
            """);

        Assert.Null(errors);
        Assert.Null(input!.Type);
        Assert.Equal(
            """{"method":"GET","headers":{},"body":null,"statusCodes":["200-399"],"followRedirects":true,"maxRedirects":5,"timeoutSeconds":5,"maxBodyBytes":65536,"assertions":[{"source":"body","operator":"contains","value":"ok"}]}""",
            input.Check?.Value);
    }

    [Theory]
    [InlineData("""{"url":"https://example.com","check":{}}""")]
    [InlineData("""{"url":"https://example.com","check":null}""")]
    [InlineData("""{"url":"https://example.com","check":{"method":"GET","statusCodes":["200-399"]}}""")]
    public async Task ReadAsync_PlainHttpCheck_StoredAsNull(string body)
    {
        var (input, errors) = await ReadAsync(body);

        Assert.Null(errors);
        Assert.Equal(new Set<string?>(null), input!.Check);
    }

    [Theory]
    [InlineData("""{"type":"tcp","url":"tcp://db.example.com:5432"}""", MonitorType.Tcp, "tcp://db.example.com:5432")]
    [InlineData("""{"type":"tcp","url":"tcp://93.184.216.34:25/"}""", MonitorType.Tcp, "tcp://93.184.216.34:25/")]
    [InlineData("""{"type":"dns","url":"dns://example.com"}""", MonitorType.Dns, "dns://example.com")]
    [InlineData("""{"type":"dns","url":"dns://_sip._tcp.example.com."}""", MonitorType.Dns, "dns://_sip._tcp.example.com.")]
    [InlineData("""{"type":"push"}""", MonitorType.Push, null)]
    public async Task ReadAsync_EachType_Accepted(string body, MonitorType type, string? url)
    {
        var (input, errors) = await ReadAsync(body);

        Assert.Null(errors);
        Assert.Equal((type, url), (input!.Type, input.Url));
    }

    [Theory]
    [InlineData("""{"type":"ftp","url":"ftp://example.com"}""", "type", "type must be one of \"http\", \"tcp\", \"dns\", \"push\"")]
    [InlineData("""{"type":"TCP","url":"tcp://example.com:1"}""", "type", "type must be one of \"http\", \"tcp\", \"dns\", \"push\"")]
    [InlineData("""{"url":"tcp://example.com:5432"}""", "url", "url must use http or https, not tcp (a tcp monitor needs \"type\":\"tcp\")")]
    [InlineData("""{"type":"tcp","url":"tcp://example.com"}""", "url", "url must be tcp://host:port, e.g. tcp://db.example.com:5432")]
    [InlineData("""{"type":"tcp","url":"https://example.com:443"}""", "url", "url must be tcp://host:port, e.g. tcp://db.example.com:5432")]
    [InlineData("""{"type":"tcp","url":"tcp://example.com:5432/db"}""", "url", "url must be tcp://host:port, e.g. tcp://db.example.com:5432")]
    [InlineData("""{"type":"tcp","url":"tcp://user@example.com:5432"}""", "url", "url must be tcp://host:port, e.g. tcp://db.example.com:5432")]
    [InlineData("""{"type":"tcp","url":"tcp://127.0.0.1:6379"}""", "url", "url is refused: 127.0.0.1 is a loopback address" + Advice)]
    [InlineData("""{"type":"tcp","url":"tcp://intranet.example:5432"}""", "url", "url is refused: host intranet.example resolves to a refused address: 10.1.2.3 is a private address" + Advice)]
    [InlineData("""{"type":"tcp"}""", "url", "url is required")]
    [InlineData("""{"type":"dns","url":"example.com"}""", "url", "url must be dns://name, e.g. dns://example.com (the record type and expected answer go in check)")]
    [InlineData("""{"type":"dns","url":"dns://exa mple.com"}""", "url", "url must be dns://name, e.g. dns://example.com (the record type and expected answer go in check); exa mple.com is not a DNS name (labels of letters, digits, - and _, each 1–63 characters)")]
    [InlineData("""{"type":"dns","url":"dns://example.com:53"}""", "url", "url must be dns://name, e.g. dns://example.com (the record type and expected answer go in check); example.com:53 is not a DNS name (labels of letters, digits, - and _, each 1–63 characters)")]
    [InlineData("""{"type":"push","url":"https://example.com"}""", "url", "url must be left out for a push monitor (it is shown as push://<website id>)")]
    [InlineData("""{"type":"dns","url":"dns://example.com","check":{"server":"10.0.0.53"}}""", "check", "check.server is refused: 10.0.0.53 is a private address" + Advice)]
    [InlineData("""{"type":"dns","url":"dns://example.com","check":{"server":"127.0.0.1:53"}}""", "check", "check.server is refused: 127.0.0.1 is a loopback address" + Advice)]
    [InlineData("""{"url":"https://example.com","check":{"method":"FETCH"}}""", "check", "check.method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (upper case)")]
    [InlineData("""{"url":"https://example.com","check":{"headers":{"X-A":"1\r\nHost: evil"}}}""", "check", "check.headers.X-A contains CR, LF or NUL (header injection)")]
    [InlineData("""{"url":"https://example.com","check":[]}""", "check", "check must be an object")]
    [InlineData("""{"type":"tcp","url":"tcp://example.com:1","check":{"method":"GET"}}""", "check", "check.method is not a known field; expected send, expect, timeoutSeconds")]
    [InlineData("""{"type":"push","check":{"graceSeconds":-5}}""", "check", "check.graceSeconds must be a whole number between 0 and 86400")]
    public async Task ReadAsync_BadTypeUrlOrCheck_PreciseError(string body, string field, string message)
    {
        var (input, errors) = await ReadAsync(body);

        Assert.Null(input);
        Assert.NotNull(errors);
        Assert.Equal([$"{field}: {message}"], errors.Select(e => $"{e.Key}: {string.Join(" | ", e.Value)}"));
    }

    [Fact]
    public async Task ReadAsync_PrivateTargetsAllowed_LoopbackTcpAndDnsServerAccepted()
    {
        var allowing = new WebsiteTargets(allowPrivate: true, Resolve);

        var (tcp, tcpErrors) = await ReadAsync("""{"type":"tcp","url":"tcp://127.0.0.1:6379"}""", targets: allowing);
        var (dns, dnsErrors) = await ReadAsync("""{"type":"dns","url":"dns://example.com","check":{"server":"127.0.0.1:5353"}}""", targets: allowing);

        Assert.Null(tcpErrors);
        Assert.Null(dnsErrors);
        Assert.Equal("tcp://127.0.0.1:6379", tcp!.Url);
        Assert.Contains("\"server\":\"127.0.0.1:5353\"", dns!.Check?.Value);
    }

    [Fact]
    public async Task ReadAsync_ChangeCheckOnly_ReadForTheStoredType()
    {
        var (input, errors) = await ReadAsync("""{"check":{"expect":"+PONG"}}""", creating: false, stored: MonitorType.Tcp);

        Assert.Null(errors);
        Assert.Null(input!.Type);
        Assert.Equal("""{"send":null,"expect":"+PONG","timeoutSeconds":10}""", input.Check?.Value);
    }

    [Fact]
    public async Task ReadAsync_ChangeUrlOnly_CheckedByTheStoredType()
    {
        var (_, errors) = await ReadAsync("""{"url":"https://example.com"}""", creating: false, stored: MonitorType.Tcp);

        Assert.Equal(["url must be tcp://host:port, e.g. tcp://db.example.com:5432"], errors!["url"]);
    }

    [Fact]
    public async Task ReadAsync_NewTypeWithoutUrl_UrlRequired()
    {
        var (_, errors) = await ReadAsync("""{"type":"dns"}""", creating: false, stored: MonitorType.Http);

        Assert.Equal(["url is required to change the type to dns"], errors!["url"]);
    }

    [Fact]
    public async Task ReadAsync_NewTypeWithUrlWithoutCheck_CheckResetToPlain()
    {
        var (input, errors) = await ReadAsync("""{"type":"tcp","url":"tcp://example.com:22"}""", creating: false, stored: MonitorType.Http);

        Assert.Null(errors);
        Assert.Equal((MonitorType.Tcp, new Set<string?>(null)), (input!.Type, input.Check));
    }

    [Fact]
    public async Task ReadAsync_SameTypeWithoutCheck_CheckKept()
    {
        var (input, errors) = await ReadAsync("""{"type":"tcp","interval":60}""", creating: false, stored: MonitorType.Tcp);

        Assert.Null(errors);
        Assert.Null(input!.Check);
    }

    [Fact]
    public async Task ReadAsync_ToPushWithoutUrl_Accepted()
    {
        var (input, errors) = await ReadAsync("""{"type":"push"}""", creating: false, stored: MonitorType.Http);

        Assert.Null(errors);
        Assert.Equal((MonitorType.Push, null), (input!.Type, input.Url));
    }

    [Fact]
    public async Task ReadAsync_CheckWithRequestBodyOfItsLargestSize_Accepted()
    {
        var body = new string('x', HttpCheckDefinition.MaxRequestBodyBytes);

        var (input, errors) = await ReadAsync($$$"""{"url":"https://example.com","check":{"method":"POST","body":"{{{body}}}"}}""");
        var (_, tooLarge) = await ReadAsync($$$"""{"url":"https://example.com","check":{"method":"POST","body":"{{{body}}}x"}}""");

        Assert.Null(errors);
        Assert.Contains(body, input!.Check?.Value);
        Assert.Equal(["check.body must be at most 65536 bytes of UTF-8"], tooLarge!["check"]);
    }

    private static Task<(WebsiteInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(
        string body, bool creating = true, MonitorType? stored = null, WebsiteTargets? targets = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Method = creating ? "POST" : "PATCH";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        return WebsiteInput.ReadAsync(context.Request, creating, targets ?? _publicOnly, stored is { } type ? () => Task.FromResult(type) : null);
    }
}
