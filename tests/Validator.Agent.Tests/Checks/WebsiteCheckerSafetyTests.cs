using System.Net;
using Uptime.Agent.Checks;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Tests.Checks;

/// <summary>
/// The target rules of a check (SSRF): refused addresses, names resolving to them, redirect hops, the redirect and
/// header caps. The test target listens on 127.0.0.1; where a test needs an "allowed" target there, it injects a
/// resolver for made-up names and a policy that allows 127.0.0.1 but refuses <see cref="_refused"/>.
/// </summary>
public sealed class WebsiteCheckerSafetyTests : IAsyncLifetime
{
    private static readonly ValidatorKey _key = ValidatorKey.Generate();
    private static readonly IPAddress _refused = IPAddress.Parse("127.0.0.2");

    private readonly List<string> _resolved = [];
    private TargetServer _target = null!;

    public async Task InitializeAsync() => _target = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task CheckAsync_LiteralLoopbackWithPrivateTargetsRefused_BadWithoutRequest()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: false), TargetDialer.For(allowPrivateTargets: false), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, _target.Url("/ok"));

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("Refused: 127.0.0.1 is a loopback address", outcome.Error);
        Assert.True(outcome.Refused);
        Assert.Empty(_target.Requests);
    }

    [Fact]
    public async Task CheckAsync_LiteralLoopbackWithPrivateTargetsAllowed_Good()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: true), TargetDialer.For(allowPrivateTargets: true), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, _target.Url("/ok"));

        Assert.Equal((TickStatus.Good, false), (outcome.Status, outcome.Refused));
        Assert.Equal(["/ok"], _target.Requests.Select(request => request.Path));
    }

    [Fact]
    public async Task CheckAsync_LocalhostName_RefusedWithoutRequest()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: false), TargetDialer.For(allowPrivateTargets: false), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, $"http://localhost:{_target.Port}/ok");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("Refused: host localhost is a loopback name", outcome.Error);
        Assert.Empty(_target.Requests);
    }

    [Fact]
    public async Task CheckAsync_PublicLookingNameResolvingToLoopback_RefusedAtConnect()
    {
        var dialer = new TargetDialer(TargetAddressPolicy.RefusalReason, Resolve(IPAddress.Loopback));
        using var checker = new WebsiteChecker(Options(allowPrivate: false), dialer, new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, $"http://www.example.com:{_target.Port}/ok");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("Refused: 127.0.0.1 is a loopback address (address of www.example.com)", outcome.Error);
        Assert.True(outcome.Refused);
        Assert.Equal(["www.example.com"], _resolved);
        Assert.Empty(_target.Requests);
    }

    [Fact]
    public async Task CheckAsync_NameWithOneRefusedAddressAmongAllowed_Refused()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: false), TestDialer(IPAddress.Loopback, _refused), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, $"http://mixed.test:{_target.Port}/ok");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("Refused: 127.0.0.2 is refused by this test (address of mixed.test)", outcome.Error);
        Assert.Empty(_target.Requests);
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToAllowedAddress_ConnectsToTheCheckedAddress()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: false), TestDialer(IPAddress.Loopback), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, $"http://allowed.test:{_target.Port}/ok");

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.Equal(["allowed.test"], _resolved);
        Assert.Equal(["/ok"], _target.Requests.Select(request => request.Path));
    }

    [Fact]
    public async Task CheckAsync_LiteralAddress_IsNotResolved()
    {
        var options = Options(allowPrivate: true);
        using var checker = new WebsiteChecker(options, new TargetDialer(_ => null, Resolve(_refused)), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, _target.Url("/ok"));

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.Empty(_resolved);
    }

    [Fact]
    public async Task CheckAsync_Ipv6Literal_IsDialledWithoutResolving()
    {
        var options = Options(allowPrivate: true);
        using var checker = new WebsiteChecker(options, new TargetDialer(_ => null, Resolve(_refused)), new FullHandshakes(), TimeProvider.System);

        await CheckAsync(checker, "http://[::1]:9/");

        Assert.Empty(_resolved);
    }

    [Fact]
    public async Task CheckAsync_Ipv6LoopbackLiteral_Refused()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: false), TargetDialer.For(allowPrivateTargets: false), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, "http://[::ffff:127.0.0.1]:9/");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.StartsWith("Refused: ::ffff:127.0.0.1 is an IPv4-mapped form of 127.0.0.1", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_RedirectToNameResolvingToRefusedAddress_RefusedAtTheHop()
    {
        var dialer = new TargetDialer(
            address => address.Equals(_refused) ? "127.0.0.2 is refused by this test" : null,
            (host, _) =>
            {
                _resolved.Add(host);
                return Task.FromResult(host == "refused.test" ? new[] { _refused } : [IPAddress.Loopback]);
            });
        using var checker = new WebsiteChecker(Options(allowPrivate: false), dialer, new FullHandshakes(), TimeProvider.System);
        var hop = Uri.EscapeDataString($"http://refused.test:{_target.Port}/ok");

        var outcome = await CheckAsync(checker, $"http://allowed.test:{_target.Port}/redirect?to={hop}");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("Refused: 127.0.0.2 is refused by this test (address of refused.test)", outcome.Error);
        Assert.Equal(["allowed.test", "refused.test"], _resolved);
        Assert.Equal(["/redirect"], _target.Requests.Select(request => request.Path));
    }

    [Fact]
    public async Task CheckAsync_RedirectToLiteralPrivateAddress_RefusedBeforeDialling()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: false), TestDialer(IPAddress.Loopback), new FullHandshakes(), TimeProvider.System);
        var hop = $"http://10.0.0.5:{_target.Port}/ok";

        var outcome = await CheckAsync(checker, $"http://allowed.test:{_target.Port}/redirect?to={Uri.EscapeDataString(hop)}");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal($"Redirect to {hop}: Refused: 10.0.0.5 is a private address", outcome.Error);
        Assert.True(outcome.Refused);
        Assert.Equal(["/redirect"], _target.Requests.Select(request => request.Path));
    }

    [Fact]
    public async Task CheckAsync_RedirectToCredentialsUrl_Refused()
    {
        using var checker = new WebsiteChecker(Options(allowPrivate: true), TargetDialer.For(allowPrivateTargets: true), new FullHandshakes(), TimeProvider.System);
        var hop = $"http://user:pw@127.0.0.1:{_target.Port}/ok";

        var outcome = await CheckAsync(checker, $"http://127.0.0.1:{_target.Port}/redirect?to={Uri.EscapeDataString(hop)}");

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal($"Redirect to {hop}: Refused: URL must not contain credentials (user@ or user:password@)", outcome.Error);
        Assert.Single(_target.Requests);
    }

    [Fact]
    public async Task CheckAsync_EndlessRedirects_BadAfterTheCap()
    {
        var options = Options(allowPrivate: true);
        options.MaxRedirects = 2;
        using var checker = new WebsiteChecker(options, TargetDialer.For(options.AllowPrivateTargets), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, _target.Url("/loop"));

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("Too many redirects (more than 2)", outcome.Error);
        Assert.Equal(3, _target.Requests.Count);
    }

    [Fact]
    public async Task CheckAsync_HeadersLargerThanResponseCap_Bad()
    {
        var options = Options(allowPrivate: true);
        options.MaxResponseBytes = 4096;
        using var checker = new WebsiteChecker(options, TargetDialer.For(options.AllowPrivateTargets), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, _target.Url("/big-headers"));

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Contains("exceeded", outcome.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CheckAsync_HeadersWithinDefaultCap_Good()
    {
        var options = Options(allowPrivate: true);
        using var checker = new WebsiteChecker(options, TargetDialer.For(options.AllowPrivateTargets), new FullHandshakes(), TimeProvider.System);

        var outcome = await CheckAsync(checker, _target.Url("/big-headers"));

        Assert.Equal(TickStatus.Good, outcome.Status);
    }

    private static AgentOptions Options(bool allowPrivate) =>
        new() { Key = _key, CheckTimeout = TimeSpan.FromSeconds(5), AllowPrivateTargets = allowPrivate };

    private static Task<CheckOutcome> CheckAsync(WebsiteChecker checker, string url) =>
        Waits.ForAsync(checker.CheckAsync(url, HttpCheckDefinition.Plain, CancellationToken.None), $"the check of {url}");

    /// <summary>A dialer that resolves every name to <paramref name="addresses"/> and refuses only <see cref="_refused"/>.</summary>
    private TargetDialer TestDialer(params IPAddress[] addresses) =>
        new(address => address.Equals(_refused) ? "127.0.0.2 is refused by this test" : null, Resolve(addresses));

    private Func<string, CancellationToken, Task<IPAddress[]>> Resolve(params IPAddress[] addresses) => (host, _) =>
    {
        _resolved.Add(host);
        return Task.FromResult(addresses);
    };
}
