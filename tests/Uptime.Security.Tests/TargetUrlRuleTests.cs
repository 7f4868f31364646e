using System.Net;
using System.Net.Sockets;

namespace Uptime.Security.Tests;

public class TargetUrlRuleTests
{
    [Theory]
    [InlineData("http://127.0.0.1/", "127.0.0.1 is a loopback")]
    [InlineData("http://127.0.0.1:8099/ok", "127.0.0.1 is a loopback")]
    [InlineData("http://2130706433/", "127.0.0.1 is a loopback")]
    [InlineData("http://0x7f000001/", "127.0.0.1 is a loopback")]
    [InlineData("http://0177.0.0.1/", "127.0.0.1 is a loopback")]
    [InlineData("http://017700000001/", "127.0.0.1 is a loopback")]
    [InlineData("http://127.1/", "127.0.0.1 is a loopback")]
    [InlineData("http://0x7f.1/", "127.0.0.1 is a loopback")]
    [InlineData("http://0X7F.0x0.0.01/", "127.0.0.1 is a loopback")]
    [InlineData("http://127.000.000.001/", "127.0.0.1 is a loopback")]
    [InlineData("http://127.0.0.1./", "127.0.0.1 is a loopback")]
    [InlineData("http://0x7f.1./", "127.0.0.1 is a loopback")]
    [InlineData("http://\uFF11\uFF12\uFF17.\uFF10.\uFF10.\uFF11/", "127.0.0.1 is a loopback")]
    [InlineData("http://127\u30020\u30020\u30021/", "127.0.0.1 is a loopback")]
    [InlineData("http://\uFF10\uFF58\uFF17\uFF46.\uFF11/", "127.0.0.1 is a loopback")]
    [InlineData("http://[::1]/", "::1 is a loopback")]
    [InlineData("http://[0:0:0:0:0:0:0:1]:8080/", "::1 is a loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/", "IPv4-mapped form of 127.0.0.1")]
    [InlineData("http://[::ffff:7f00:1]/", "IPv4-mapped form of 127.0.0.1")]
    [InlineData("http://[::ffff:10.0.0.1]/", "IPv4-mapped form of 10.0.0.1, a private")]
    [InlineData("http://[::127.0.0.1]/", "IPv4-compatible form of 127.0.0.1")]
    [InlineData("http://[64:ff9b::7f00:1]/", "NAT64 form of 127.0.0.1")]
    [InlineData("http://[2002:7f00:1::]/", "6to4 form of 127.0.0.1")]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a cloud metadata")]
    [InlineData("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata")]
    [InlineData("http://[fe80::1%25eth0]/", "link-local")]
    [InlineData("http://10.0.0.1:8080/path", "10.0.0.1 is a private")]
    [InlineData("https://172.20.1.1/", "172.20.1.1 is a private")]
    [InlineData("http://192.168.1.1/", "192.168.1.1 is a private")]
    [InlineData("http://100.100.100.200/", "carrier-grade NAT")]
    [InlineData("http://0/", "0.0.0.0 is an address of \"this network\"")]
    [InlineData("http://0.0.0.0:8080/", "0.0.0.0 is an address of \"this network\"")]
    [InlineData("http://4294967295/", "255.255.255.255 is the broadcast")]
    [InlineData("http://224.0.0.1/", "multicast")]
    [InlineData("http://[ff02::1]/", "multicast")]
    [InlineData("http://localhost/", "localhost is a loopback name")]
    [InlineData("http://LOCALHOST:8080/", "localhost is a loopback name")]
    [InlineData("http://localhost./", "localhost is a loopback name")]
    [InlineData("http://api.localhost/", "api.localhost is a loopback name")]
    [InlineData("http://\u24DB\u24DE\u24D2\u24D0\u24DB\u24D7\u24DE\u24E2\u24E3/", "localhost is a loopback name")]
    [InlineData("http://\uFF2C\uFF2F\uFF23\uFF21\uFF2C\uFF28\uFF2F\uFF33\uFF34/", "localhost is a loopback name")]
    [InlineData("http://127\uFF610\uFF610\uFF611/", "127.0.0.1 is a loopback")]
    [InlineData("http://\uFF11\uFF10\uFF0E\uFF10\uFF0E\uFF10\uFF0E\uFF11/", "10.0.0.1 is a private")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata name")]
    [InlineData("http://Metadata.Google.Internal./", "cloud metadata name")]
    public void PrivateTarget_IsRefusedUnlessPrivateTargetsAreAllowed(string url, string reason)
    {
        var refusal = TargetUrlRule.CheckSyntax(url, allowPrivate: false, out var uri);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
        Assert.Null(uri);
        Assert.Null(TargetUrlRule.CheckSyntax(url, allowPrivate: true, out var allowed));
        Assert.NotNull(allowed);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("ftp://example.com/file", "scheme must be http or https, not ftp")]
    [InlineData("file:///etc/passwd", "not file")]
    [InlineData("gopher://127.0.0.1:25/", "not gopher")]
    [InlineData("ws://example.com/", "not ws")]
    [InlineData("javascript:alert(1)", "not javascript")]
    [InlineData("data:text/html,<script>alert(1)</script>", "not data")]
    [InlineData("/relative/path", "not file")]
    [InlineData("//example.com/path", "not file")]
    [InlineData("relative/path", "not a valid absolute URL")]
    [InlineData("example.com", "not a valid absolute URL")]
    [InlineData("http:/example.com/", "not a valid absolute URL")]
    [InlineData("http://exa mple.com/", "not a valid absolute URL")]
    [InlineData("http://example.com:99999/", "not a valid absolute URL")]
    [InlineData("http://user:pass@example.com/", "credentials")]
    [InlineData("http://user@example.com/", "credentials")]
    [InlineData("http://:@example.com/", "credentials")]
    [InlineData("http://@example.com/", "credentials")]
    [InlineData("http://example.com@127.0.0.1/", "credentials")]
    [InlineData("https://user:pass@127.0.0.1/", "credentials")]
    [InlineData("http://4294967296/", "ends in a number but is not a valid IPv4 address")]
    [InlineData("http://256.0.0.1/", "ends in a number but is not a valid IPv4 address")]
    [InlineData("http://09.0.0.1/", "ends in a number but is not a valid IPv4 address")]
    [InlineData("http://1.2.3.4.5/", "ends in a number but is not a valid IPv4 address")]
    [InlineData("http://0x100000000/", "ends in a number but is not a valid IPv4 address")]
    [InlineData("http://./", "not a valid absolute URL")]
    [InlineData("http://0x/", "ends in a number but is not a valid IPv4 address")]
    [InlineData("http://example.0x7f/", "ends in a number but is not a valid IPv4 address")]
    [InlineData("http://example.123/", "ends in a number but is not a valid IPv4 address")]
    public void MalformedOrForbiddenUrl_IsRefusedEvenWhenPrivateTargetsAreAllowed(string url, string reason)
    {
        foreach (var allowPrivate in new[] { false, true })
        {
            var refusal = TargetUrlRule.CheckSyntax(url, allowPrivate, out var uri);

            Assert.NotNull(refusal);
            Assert.Contains(reason, refusal, StringComparison.Ordinal);
            Assert.Null(uri);
        }
    }

    [Fact]
    public void OverlongUrl_IsRefused()
    {
        var url = "https://example.com/" + new string('a', 2048);

        Assert.Contains("longer than 2048", TargetUrlRule.CheckSyntax(url, allowPrivate: true, out _), StringComparison.Ordinal);
        Assert.Null(TargetUrlRule.CheckSyntax(url[..2048], allowPrivate: false, out _));
    }

    [Theory]
    [InlineData("http://93.184.216.34/")]
    [InlineData("https://example.com/")]
    [InlineData("HTTPS://Example.COM:8443/path?q=1#fragment")]
    [InlineData("https://example.com./")]
    [InlineData("http://8.8.8.8./")]
    [InlineData("http://1.0x7f/")]
    [InlineData("http://[2606:4700:4700::1111]/")]
    [InlineData("http://[::ffff:8.8.8.8]/")]
    [InlineData("https://b\u00FCcher.example/")]
    [InlineData("https://xn--bcher-kva.example/")]
    [InlineData("https://v1.api-2.example.io/health")]
    [InlineData("http://localhost.example.com/")]
    [InlineData("http://123.example.com/")]
    [InlineData("http://\uFF18.\uFF18.\uFF18.\uFF18/")]
    public void PublicTarget_IsAccepted(string url)
    {
        Assert.Null(TargetUrlRule.CheckSyntax(url, allowPrivate: false, out var uri));
        Assert.NotNull(uri);
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToPublicAddresses_IsAcceptedAndResolvedByItsAsciiName()
    {
        var resolver = new FakeResolver(IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1::1"));
        using var cancellation = new CancellationTokenSource();

        var refusal = await TargetUrlRule.CheckAsync("https://B\u00FCcher.example./x", false, resolver.Resolve, cancellation.Token);

        Assert.Null(refusal);
        Assert.Equal(["xn--bcher-kva.example"], resolver.Names);
        Assert.Equal(cancellation.Token, resolver.LastToken);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("fd00:ec2::254")]
    public async Task CheckAsync_NameWithOneRefusedAddressAmongPublicOnes_IsRefused(string refused)
    {
        var resolver = new FakeResolver(IPAddress.Parse("93.184.216.34"), IPAddress.Parse(refused), IPAddress.Parse("8.8.8.8"));

        var refusal = await TargetUrlRule.CheckAsync("https://mixed.example.com/", false, resolver.Resolve, CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains("mixed.example.com resolves to a refused address", refusal, StringComparison.Ordinal);
        Assert.Contains(IPAddress.Parse(refused).ToString(), refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NameThatDoesNotResolve_IsAccepted()
    {
        static Task<IPAddress[]> NotFound(string name, CancellationToken token) => throw new SocketException((int)SocketError.HostNotFound);

        Assert.Null(await TargetUrlRule.CheckAsync("https://not-yet.example.com/", false, NotFound, CancellationToken.None));
        Assert.Null(await TargetUrlRule.CheckAsync("https://empty.example.com/", false, new FakeResolver().Resolve, CancellationToken.None));
    }

    [Theory]
    [InlineData("http://127.0.0.1/", false)]
    [InlineData("http://2130706433/", false)]
    [InlineData("http://93.184.216.34/", true)]
    [InlineData("http://[2606:4700:4700::1111]/", true)]
    [InlineData("ftp://example.com/", false)]
    [InlineData("http://localhost/", false)]
    public async Task CheckAsync_LiteralAddressesAndSyntaxRefusals_AreDecidedWithoutDns(string url, bool accepted)
    {
        var resolver = new FakeResolver(IPAddress.Parse("10.0.0.1"));

        var refusal = await TargetUrlRule.CheckAsync(url, false, resolver.Resolve, CancellationToken.None);

        Assert.Equal(accepted, refusal is null);
        Assert.Empty(resolver.Names);
    }

    [Fact]
    public async Task CheckAsync_PrivateTargetsAllowed_AcceptsPrivateNamesButKeepsSyntaxRules()
    {
        var resolver = new FakeResolver(IPAddress.Parse("10.0.0.1"));

        Assert.Null(await TargetUrlRule.CheckAsync("http://internal.example/", true, resolver.Resolve, CancellationToken.None));
        Assert.Null(await TargetUrlRule.CheckAsync("http://127.0.0.1:8099/ok", true, resolver.Resolve, CancellationToken.None));
        Assert.NotNull(await TargetUrlRule.CheckAsync("http://user:pw@internal.example/", true, resolver.Resolve, CancellationToken.None));
        Assert.NotNull(await TargetUrlRule.CheckAsync("ftp://internal.example/", true, resolver.Resolve, CancellationToken.None));
        Assert.NotNull(await TargetUrlRule.CheckAsync("http://internal.example/", false, resolver.Resolve, CancellationToken.None));
    }

    private sealed class FakeResolver(params IPAddress[] addresses)
    {
        public List<string> Names { get; } = [];

        public CancellationToken LastToken { get; private set; }

        public Task<IPAddress[]> Resolve(string name, CancellationToken cancellationToken)
        {
            Names.Add(name);
            LastToken = cancellationToken;
            return Task.FromResult(addresses);
        }
    }
}
