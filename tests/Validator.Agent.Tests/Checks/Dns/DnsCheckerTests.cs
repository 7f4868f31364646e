using Uptime.Agent.Checks.Dns;
using Uptime.Agent.Configuration;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Testing;

namespace Uptime.Agent.Tests.Checks.Dns;

/// <summary>DNS checks asking a real DNS server in this process (<see cref="DnsTestServer"/>, UDP on 127.0.0.1).</summary>
public sealed class DnsCheckerTests : IAsyncLifetime
{
    private static readonly DnsChecker _checker = new(new AgentOptions { AllowPrivateTargets = true }, TimeProvider.System);

    private DnsTestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = DnsTestServer.Start()
            .Add("www.example.test", DnsTestServer.A, "192.0.2.10")
            .Add("www.example.test", DnsTestServer.A, "192.0.2.11")
            .Add("www.example.test", DnsTestServer.Aaaa, "2001:db8::10")
            .Add("alias.example.test", DnsTestServer.Cname, "www.example.test")
            .Add("example.test", DnsTestServer.Mx, "10 mail.example.test")
            .Add("example.test", DnsTestServer.Txt, "v=spf1 |-all")
            .Add("example.test", DnsTestServer.Txt, "google-site-verification=abc")
            .FailWith("broken.example.test", DnsTestServer.ServerFailure)
            .Ignore("silent.example.test");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CheckAsync_RecordsOfTheTypeNothingExpected_GoodWithQueryTimeAndServer()
    {
        var outcome = await CheckAsync("dns://www.example.test", "A", expected: null);

        Assert.Equal((TickStatus.Good, null), (outcome.Status, outcome.Error));
        Assert.InRange(outcome.Phases!.Dns!.Value, 0, outcome.LatencyMs);
        Assert.Null(outcome.Phases.Connect);
        Assert.Equal(_server.Server, outcome.Address);
        Assert.Equal([("www.example.test", DnsTestServer.A)], _server.Questions);
    }

    [Theory]
    [InlineData("A", "192.0.2.11")]
    [InlineData("AAAA", "2001:db8:0:0::10")]
    [InlineData("TXT", "v=spf1 -all")]
    [InlineData("MX", "10 mail.example.test")]
    [InlineData("MX", "MAIL.example.test.")]
    [InlineData("CNAME", "WWW.Example.Test.")]
    public async Task CheckAsync_OneAnswerEqualsExpected_Good(string recordType, string expected)
    {
        var url = recordType switch
        {
            "CNAME" => "dns://alias.example.test",
            "TXT" or "MX" => "dns://example.test",
            _ => "dns://www.example.test",
        };

        var outcome = await CheckAsync(url, recordType, expected);

        Assert.Equal((TickStatus.Good, null), (outcome.Status, outcome.Error));
    }

    [Theory]
    [InlineData("A", "192.0.2.99", "Expected \"192.0.2.99\", got [\"192.0.2.10\", \"192.0.2.11\"]")]
    [InlineData("MX", "20 mail.example.test", "Expected \"20 mail.example.test\", got [\"10 mail.example.test\"]")]
    [InlineData("TXT", "v=spf1 +all", "Expected \"v=spf1 +all\", got [\"v=spf1 -all\", \"google-site-verification=abc\"]")]
    public async Task CheckAsync_NoAnswerEqualsExpected_BadListingTheAnswers(string recordType, string expected, string error)
    {
        var url = recordType == "A" ? "dns://www.example.test" : "dns://example.test";

        var outcome = await CheckAsync(url, recordType, expected);

        Assert.Equal((TickStatus.Bad, false), (outcome.Status, outcome.Refused));
        Assert.Equal(error, outcome.Error);
        Assert.NotNull(outcome.Phases!.Dns);
    }

    [Fact]
    public async Task CheckAsync_UnknownName_Nxdomain()
    {
        var outcome = await CheckAsync("dns://missing.example.test", "A", expected: null);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("NXDOMAIN: missing.example.test does not exist", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_ServerFails_Servfail()
    {
        var outcome = await CheckAsync("dns://broken.example.test", "A", expected: null);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal($"SERVFAIL from {_server.Server}", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_AnswerHasOnlyAnotherType_NoRecordOfTheType()
    {
        var outcome = await CheckAsync("dns://alias.example.test", "A", expected: null);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("No A record for alias.example.test", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_KnownNameWithoutTheType_NoRecordOfTheType()
    {
        var outcome = await CheckAsync("dns://www.example.test", "TXT", expected: null);

        Assert.Equal("No TXT record for www.example.test", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_ServerNeverAnswers_TimeoutAfterTheDefinitionsSeconds()
    {
        var outcome = await CheckAsync("dns://silent.example.test", "A", expected: null, timeoutSeconds: 1);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal($"Timeout after 1000 ms (no answer from {_server.Server})", outcome.Error);
        Assert.InRange(outcome.LatencyMs, 900, 5000);
        Assert.Single(_server.Questions);
    }

    [Fact]
    public async Task CheckAsync_LoopbackServerWithPrivateTargetsRefused_RefusedTickWithoutQuery()
    {
        var checker = new DnsChecker(new AgentOptions { AllowPrivateTargets = false }, TimeProvider.System);

        var outcome = await checker.CheckAsync("dns://www.example.test", new DnsCheckDefinition("A", _server.Server, null, 5), CancellationToken.None);

        Assert.Equal((TickStatus.Bad, true), (outcome.Status, outcome.Refused));
        Assert.Equal("Refused: 127.0.0.1 is a loopback address (DNS server)", outcome.Error);
        Assert.Empty(_server.Questions);
    }

    [Fact]
    public async Task CheckAsync_ServerIsNoAddress_RefusedTick()
    {
        var outcome = await _checker.CheckAsync("dns://www.example.test", new DnsCheckDefinition("A", "ns1.example.test", null, 5), CancellationToken.None);

        Assert.Equal((TickStatus.Bad, true), (outcome.Status, outcome.Refused));
        Assert.Equal("Invalid DNS server \"ns1.example.test\": must be an address or address:port", outcome.Error);
    }

    [Theory]
    [InlineData("dns://")]
    [InlineData("dns://www.example.test/path")]
    [InlineData("dns://www.example.test:53")]
    [InlineData("http://www.example.test")]
    public async Task CheckAsync_NoDnsNameUrl_InvalidUrl(string url)
    {
        var outcome = await CheckAsync(url, "A", expected: null);

        Assert.Equal((TickStatus.Bad, false), (outcome.Status, outcome.Refused));
        Assert.Equal($"Invalid URL \"{url}\": must be dns://name", outcome.Error);
        Assert.Empty(_server.Questions);
    }

    private Task<Uptime.Agent.Checks.CheckOutcome> CheckAsync(string url, string recordType, string? expected, int timeoutSeconds = 5) =>
        _checker.CheckAsync(url, new DnsCheckDefinition(recordType, _server.Server, expected, timeoutSeconds), CancellationToken.None);
}
