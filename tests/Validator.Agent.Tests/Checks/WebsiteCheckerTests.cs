using System.Net;
using System.Net.Sockets;
using Uptime.Agent.Checks;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Tests.Checks;

public sealed class WebsiteCheckerTests : IAsyncLifetime
{
    private static readonly ValidatorKey _key = ValidatorKey.Generate();

    private readonly WebsiteChecker _checker = Create(new AgentOptions { Key = _key, CheckTimeout = TimeSpan.FromSeconds(2), AllowPrivateTargets = true });
    private TargetServer _target = null!;

    public async Task InitializeAsync() => _target = await TargetServer.StartAsync();

    public async Task DisposeAsync()
    {
        _checker.Dispose();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task CheckAsync_Status200_GoodWithLatencyAndNoError()
    {
        var before = DateTime.UtcNow;

        var outcome = await CheckAsync("/ok");

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.True(outcome.LatencyMs > 0, $"latency {outcome.LatencyMs} ms");
        Assert.Null(outcome.Error);
        Assert.Equal(DateTimeKind.Utc, outcome.CompletedAt.Kind);
        Assert.InRange(outcome.CompletedAt, before, DateTime.UtcNow);
    }

    [Theory]
    [InlineData("/moved")]
    [InlineData("/found")]
    public async Task CheckAsync_RedirectToGoodPage_FollowsItOnANewConnection(string path)
    {
        var outcome = await CheckAsync(path);

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.Null(outcome.Error);
        Assert.Equal([path, "/ok"], _target.Requests.Select(request => request.Path));
        Assert.Equal(2, _target.Requests.Select(request => request.ConnectionId).Distinct().Count());
    }

    [Fact]
    public async Task CheckAsync_EveryHop_SendsTheValidatorUserAgent()
    {
        await CheckAsync("/moved");

        Assert.Equal(["Uptime-Validator/1.0", "Uptime-Validator/1.0"], _target.UserAgents);
    }

    [Fact]
    public async Task CheckAsync_RedirectToFailingPage_BadWithFinalCode()
    {
        var outcome = await CheckAsync("/broken");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal(("HTTP 500", false), (outcome.Error, outcome.Refused));
    }

    [Fact]
    public async Task CheckAsync_Status500_BadWithHttpCode()
    {
        var outcome = await CheckAsync("/error");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("HTTP 500", outcome.Error);
        Assert.True(outcome.LatencyMs > 0, $"latency {outcome.LatencyMs} ms");
    }

    [Fact]
    public async Task CheckAsync_NotFound_BadWithHttpCode()
    {
        var outcome = await CheckAsync("/missing");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("HTTP 404", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_NobodyListening_BadWithConnectionRefused()
    {
        var port = UnusedPort();

        var outcome = await Waits.ForAsync(_checker.CheckAsync($"http://127.0.0.1:{port}/", HttpCheckDefinition.Plain, CancellationToken.None), "the check");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal($"Connection refused (127.0.0.1:{port})", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_ServerSlowerThanTimeout_BadWithTimeout()
    {
        var outcome = await CheckAsync("/slow");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal(("Timeout after 2000 ms", false), (outcome.Error, outcome.Refused));
        Assert.InRange(outcome.LatencyMs, 1900, 6000);
    }

    [Fact]
    public async Task CheckAsync_ThreeChecks_OpensThreeConnections()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TickStatus.Good, (await CheckAsync("/ok")).Status);
        }

        Assert.Equal(3, _target.Requests.Select(request => request.ConnectionId).Distinct().Count());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com/file")]
    public async Task CheckAsync_InvalidUrl_BadWithoutRequest(string url)
    {
        var outcome = await _checker.CheckAsync(url, HttpCheckDefinition.Plain, CancellationToken.None);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal($"Invalid URL \"{url}\": must be an absolute http:// or https:// URL", outcome.Error);
        Assert.Empty(_target.Requests);
    }

    [Fact]
    public async Task CheckAsync_CallerCancels_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        var check = _checker.CheckAsync(_target.Url("/slow"), HttpCheckDefinition.Plain, cancelled.Token);
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Waits.ForAsync(check, "the cancelled check"));
    }

    private static WebsiteChecker Create(AgentOptions options) => new(options, TargetDialer.For(options.AllowPrivateTargets), new FullHandshakes(), TimeProvider.System);

    private Task<CheckOutcome> CheckAsync(string path) =>
        Waits.ForAsync(_checker.CheckAsync(_target.Url(path), HttpCheckDefinition.Plain, CancellationToken.None), $"the check of {path}");

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
