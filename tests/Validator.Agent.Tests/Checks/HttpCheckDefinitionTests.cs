using System.Net;
using System.Net.Sockets;
using System.Text;
using Uptime.Agent.Checks;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Tests.Checks;

/// <summary>An HTTP check definition run against a real local website: method, headers, body, status codes, redirects, time-out, body cap, phases.</summary>
public sealed class HttpCheckDefinitionTests : IAsyncLifetime
{
    private const string ProbeUserAgent = "Uptime-Validator/1.0";

    private static readonly ValidatorKey _key = ValidatorKey.Generate();

    private readonly List<WebsiteChecker> _checkers = [];
    private HttpCheckTarget _target = null!;

    public async Task InitializeAsync() => _target = await HttpCheckTarget.StartAsync();

    public async Task DisposeAsync()
    {
        _checkers.ForEach(checker => checker.Dispose());
        await _target.DisposeAsync();
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task CheckAsync_MethodBodyAndHeaders_ReachTheServer(string method)
    {
        var check = Definition() with
        {
            Method = method,
            Headers = [new("Content-Type", "application/json"), new("X-Api-Key", "secret"), new("Accept", "text/plain")],
            Body = """{"ping":true}""",
        };

        var outcome = await CheckAsync("/echo", check);

        Assert.Equal((TickStatus.Good, 200), (outcome.Status, outcome.HttpStatus));
        var received = Assert.Single(_target.Received);
        Assert.Equal((method, """{"ping":true}"""), (received.Method, received.Body));
        Assert.Equal("application/json", received.Headers["Content-Type"]);
        Assert.Equal("secret", received.Headers["X-Api-Key"]);
        Assert.Equal("text/plain", received.Headers["Accept"]);
        Assert.Equal(ProbeUserAgent, received.Headers["User-Agent"]);
    }

    [Fact]
    public async Task CheckAsync_BodyWithoutContentType_SentWithoutOne()
    {
        var outcome = await CheckAsync("/echo", Definition() with { Method = "POST", Body = "plain" });

        Assert.Equal(TickStatus.Good, outcome.Status);
        var received = Assert.Single(_target.Received);
        Assert.Equal("plain", received.Body);
        Assert.False(received.Headers.ContainsKey("Content-Type"));
    }

    [Fact]
    public async Task CheckAsync_DefinitionSetsUserAgent_OnlyThatOneIsSent()
    {
        await CheckAsync("/echo", Definition() with { Headers = [new("User-Agent", "Custom/2")] });

        Assert.Equal("Custom/2", Assert.Single(_target.Received).Headers["User-Agent"]);
    }

    [Fact]
    public async Task CheckAsync_Headers_SentInOrderAfterOurUserAgent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var head = ReadOneRequestHeadAsync(listener);
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";

        var outcome = await Waits.ForAsync(
            Checker().CheckAsync(url, Definition() with { Headers = [new("X-Zeta", "1"), new("X-Alpha", "2"), new("X-Mid", "3")] }, CancellationToken.None),
            "the check");

        Assert.Equal(TickStatus.Good, outcome.Status);
        var names = (await Waits.ForAsync(head, "the request")).Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(["User-Agent", "X-Zeta", "X-Alpha", "X-Mid"], names.Where(name => name is "User-Agent" or ['X', '-', ..]));
    }

    [Fact]
    public async Task CheckAsync_RedirectToAnotherOrigin_CredentialsStayWithTheFirst()
    {
        var dialer = new TargetDialer(_ => null, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        using var checker = new WebsiteChecker(Options(), dialer, new FullHandshakes(), TimeProvider.System);
        var elsewhere = _target.Url("/echo").Replace("127.0.0.1", "elsewhere.example", StringComparison.Ordinal);
        var check = Definition() with { Headers = [new("Authorization", "Bearer secret"), new("X-Trace", "1")] };

        var outcome = await Waits.ForAsync(checker.CheckAsync(_target.Url($"/redirect/302?to={Uri.EscapeDataString(elsewhere)}"), check, CancellationToken.None), "the check");

        Assert.Equal(TickStatus.Good, outcome.Status);
        var (first, second) = (_target.Received.First(), _target.Received.Last());
        Assert.Equal(("Bearer secret", "1"), (first.Headers["Authorization"], first.Headers["X-Trace"]));
        Assert.False(second.Headers.ContainsKey("Authorization"));
        Assert.Equal("1", second.Headers["X-Trace"]);
    }

    [Theory]
    [InlineData(204, TickStatus.Good)]
    [InlineData(404, TickStatus.Good)]
    [InlineData(410, TickStatus.Good)]
    [InlineData(200, TickStatus.Bad)]
    [InlineData(500, TickStatus.Bad)]
    public async Task CheckAsync_StatusCodeRanges_DecideTheStatus(int code, TickStatus expected)
    {
        var check = Definition() with { StatusCodes = [new StatusCodeRange(204, 204), new StatusCodeRange(404, 410)] };

        var outcome = await CheckAsync($"/status/{code}", check);

        Assert.Equal((expected, code), (outcome.Status, outcome.HttpStatus));
        Assert.Equal(expected == TickStatus.Bad ? $"HTTP {code}" : null, outcome.Error);
    }

    [Theory]
    [InlineData(303, "GET", "")]
    [InlineData(302, "GET", "")]
    [InlineData(307, "POST", "payload")]
    [InlineData(308, "POST", "payload")]
    public async Task CheckAsync_RedirectAfterPost_BecomesGetOrKeepsMethodAndBody(int code, string method, string body)
    {
        var outcome = await CheckAsync($"/redirect/{code}?to=/echo", Definition() with { Method = "POST", Body = "payload" });

        Assert.Equal((TickStatus.Good, 200), (outcome.Status, outcome.HttpStatus));
        Assert.Equal([("POST", "payload"), (method, body)], _target.Received.Select(request => (request.Method, request.Body)));
    }

    [Fact]
    public async Task CheckAsync_RedirectsOff_FinalStatusIsTheRedirect()
    {
        var outcome = await CheckAsync("/redirect/302?to=/status/500", Definition() with { FollowRedirects = false });

        Assert.Equal((TickStatus.Good, 302), (outcome.Status, outcome.HttpStatus));
        Assert.Single(_target.Received);
    }

    [Fact]
    public async Task CheckAsync_RedirectsOffAndOnly2xxAccepted_Bad()
    {
        var check = Definition() with { FollowRedirects = false, StatusCodes = [new StatusCodeRange(200, 299)] };

        var outcome = await CheckAsync("/redirect/301?to=/echo", check);

        Assert.Equal((TickStatus.Bad, "HTTP 301"), (outcome.Status, outcome.Error));
    }

    [Theory]
    [InlineData(2, TickStatus.Good)]
    [InlineData(1, TickStatus.Bad)]
    public async Task CheckAsync_MaxRedirects_CountsHops(int maxRedirects, TickStatus expected)
    {
        var twoHops = "/redirect/302?to=" + Uri.EscapeDataString("/redirect/302?to=/echo");

        var outcome = await CheckAsync(twoHops, Definition() with { MaxRedirects = maxRedirects });

        Assert.Equal(expected, outcome.Status);
        Assert.Equal(expected == TickStatus.Bad ? "Too many redirects (more than 1)" : null, outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_DefinitionTimeout_OverridesTheAgentDefault()
    {
        var outcome = await CheckAsync("/slow", Definition() with { TimeoutSeconds = 1 });

        Assert.Equal((TickStatus.Bad, "Timeout after 1000 ms"), (outcome.Status, outcome.Error));
        Assert.InRange(outcome.LatencyMs, 900, 5000);
    }

    [Fact]
    public async Task CheckAsync_BodyCap_AssertionSeesOnlyTheCappedStart()
    {
        var endAssertion = new CheckAssertion(AssertionSource.Body, AssertionOperator.Contains, null, "END");

        var capped = await CheckAsync("/large", Definition() with { MaxBodyBytes = 1024, Assertions = [endAssertion] });
        var whole = await CheckAsync("/large", Definition() with { MaxBodyBytes = HttpCheckTarget.LargeLength + 3, Assertions = [endAssertion] });

        Assert.Equal((TickStatus.Bad, "Body does not contain \"END\"", 0), (capped.Status, capped.Error, capped.FailedAssertion));
        Assert.Equal(TickStatus.Good, whole.Status);
    }

    [Fact]
    public async Task CheckAsync_AgentResponseCap_LimitsTheDefinitionsBodyCap()
    {
        var checker = Checker(options => options.MaxResponseBytes = 4096);
        var check = Definition() with
        {
            MaxBodyBytes = HttpCheckDefinition.MaxMaxBodyBytes,
            Assertions = [new CheckAssertion(AssertionSource.Body, AssertionOperator.Contains, null, "END")],
        };

        var outcome = await Waits.ForAsync(checker.CheckAsync(_target.Url("/large"), check, CancellationToken.None), "the check");

        Assert.Equal((TickStatus.Bad, "Body does not contain \"END\""), (outcome.Status, outcome.Error));
    }

    [Fact]
    public async Task CheckAsync_BodyRead_PhasesPresentAndWithinLatency()
    {
        var check = Definition() with { Assertions = [new CheckAssertion(AssertionSource.Body, AssertionOperator.Contains, null, "END")] };

        var outcome = await CheckAsync("/large", check);

        var phases = Assert.IsType<TickPhases>(outcome.Phases);
        Assert.Null(phases.Dns);
        Assert.Null(phases.Tls);
        Assert.True(phases.Connect > 0 && phases.FirstByte > 0 && phases.Transfer >= 0, $"phases {phases}");
        Assert.True(phases.Connect + phases.FirstByte + phases.Transfer <= outcome.LatencyMs, $"phases {phases} within {outcome.LatencyMs} ms");
        Assert.Matches(@"^127\.0\.0\.1:\d+$", outcome.Address);
        Assert.Null(outcome.TlsResumed);
    }

    [Fact]
    public async Task CheckAsync_PlainCheck_NoTransferPhase()
    {
        var outcome = await Waits.ForAsync(Checker().CheckAsync(_target.Url("/echo"), HttpCheckDefinition.Plain, CancellationToken.None), "the check");

        var phases = Assert.IsType<TickPhases>(outcome.Phases);
        Assert.Null(phases.Transfer);
        Assert.NotNull(phases.FirstByte);
        Assert.Equal(200, outcome.HttpStatus);
    }

    [Fact]
    public async Task CheckAsync_NameResolved_DnsPhasePresent()
    {
        var dialer = new TargetDialer(_ => null, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        using var checker = new WebsiteChecker(Options(), dialer, new FullHandshakes(), TimeProvider.System);
        var url = _target.Url("/echo").Replace("127.0.0.1", "target.example", StringComparison.Ordinal);

        var outcome = await Waits.ForAsync(checker.CheckAsync(url, Definition(), CancellationToken.None), "the check");

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.NotNull(outcome.Phases?.Dns);
    }

    [Fact]
    public async Task CheckAsync_OverRedirects_PhasesSumHopsAndAddressIsTheLastHops()
    {
        var one = await CheckAsync("/echo", Definition());
        var three = await CheckAsync("/redirect/302?to=" + Uri.EscapeDataString("/redirect/302?to=/echo"), Definition());

        Assert.Equal(TickStatus.Good, three.Status);
        Assert.True(three.Phases!.Connect > 0 && three.Phases.FirstByte > 0, $"phases {three.Phases} vs one hop's {one.Phases}");
        Assert.True(three.Phases.Connect + three.Phases.FirstByte <= three.LatencyMs, $"phases {three.Phases} within {three.LatencyMs} ms");
        Assert.Matches(@"^127\.0\.0\.1:\d+$", three.Address);
    }

    private static HttpCheckDefinition Definition() => HttpCheckDefinition.Plain with { Headers = [] };

    private static AgentOptions Options() => new() { Key = _key, CheckTimeout = TimeSpan.FromSeconds(5), AllowPrivateTargets = true };

    private WebsiteChecker Checker(Action<AgentOptions>? configure = null)
    {
        var options = Options();
        configure?.Invoke(options);
        var checker = new WebsiteChecker(options, TargetDialer.For(allowPrivateTargets: true), new FullHandshakes(), TimeProvider.System);
        _checkers.Add(checker);
        return checker;
    }

    private Task<CheckOutcome> CheckAsync(string pathAndQuery, HttpCheckDefinition check) =>
        Waits.ForAsync(Checker().CheckAsync(_target.Url(pathAndQuery), check, CancellationToken.None), $"the check of {pathAndQuery}");

    /// <summary>Answers one request with 200 and returns its header lines as sent.</summary>
    private static async Task<List<string>> ReadOneRequestHeadAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        return [.. received.ToString().Split("\r\n").Skip(1).TakeWhile(line => line.Length > 0)];
    }
}
