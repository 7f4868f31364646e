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
/// Checks that ask for a warm connection, against a real local HTTPS server that keeps connections alive and counts the
/// TCP connections it accepted.
/// </summary>
public sealed class WarmConnectionTests
{
    private static readonly HttpCheckDefinition _warm = HttpCheckDefinition.Plain with { Connection = CheckConnection.Warm };

    [Fact]
    public async Task CheckAsync_TwoWarmChecks_ShareOneConnectionAndTheSecondSaysWarmWithoutConnectOrTls()
    {
        using var certificates = TestCertificates.Create();
        await using var server = KeepAliveTlsServer.Start(certificates.Server);
        using var checker = Checker(certificates);

        var first = await CheckAsync(checker, server.Url("/a"), _warm);
        var second = await CheckAsync(checker, server.Url("/b"), _warm);

        Assert.Equal((TickStatus.Good, TickStatus.Good), (first.Status, second.Status));
        Assert.Equal((1, 2), (server.Accepted, server.Requests));
        Assert.Equal(false, first.Warm);
        Assert.NotNull(first.Certificate);
        Assert.False(first.TlsResumed);
        Assert.True(first.Phases is { Connect: > 0, Tls: > 0, FirstByte: > 0 }, $"first phases {first.Phases}");
        Assert.Equal(true, second.Warm);
        Assert.Equal((null, null, null), (second.Phases?.Dns, second.Phases?.Connect, second.Phases?.Tls));
        Assert.True(second.Phases?.FirstByte > 0, $"second phases {second.Phases}");
        Assert.Null(second.Certificate);
        Assert.Null(second.TlsResumed);
        Assert.Equal(1, checker.WarmConnectionCount);
    }

    [Fact]
    public async Task CheckAsync_FullHandshakeBoundZero_EveryWarmCheckOpensAConnectionWithAFullHandshake()
    {
        using var certificates = TestCertificates.Create();
        await using var server = KeepAliveTlsServer.Start(certificates.Server);
        using var checker = Checker(certificates, fullHandshakeMinutes: 0);

        var first = await CheckAsync(checker, server.Url("/a"), _warm);
        var second = await CheckAsync(checker, server.Url("/b"), _warm);

        Assert.Equal(2, server.Accepted);
        Assert.All([first, second], outcome =>
        {
            Assert.Equal((TickStatus.Good, false, false), (outcome.Status, outcome.Warm, outcome.TlsResumed));
            Assert.NotNull(outcome.Certificate);
            Assert.True(outcome.Phases?.Tls > 0, $"phases {outcome.Phases}");
        });
    }

    [Fact]
    public async Task CheckAsync_ServerClosedTheWarmConnection_NextCheckOpensANewOneAndIsGood()
    {
        using var certificates = TestCertificates.Create();
        await using var server = KeepAliveTlsServer.Start(certificates.Server);
        using var checker = Checker(certificates);
        await CheckAsync(checker, server.Url("/a"), _warm);

        server.CloseConnections();
        await Waits.UntilAsync(() => server.OpenConnections == 0, "the server to close its connection");
        var next = await CheckAsync(checker, server.Url("/b"), _warm);

        Assert.Equal((TickStatus.Good, null, false), (next.Status, next.Error, next.Warm));
        Assert.Equal(2, server.Accepted);
        Assert.NotNull(next.Certificate);
    }

    [Fact]
    public async Task CheckAsync_BadWarmCheck_ClosesTheConnectionSoTheNextOneOpensANewOne()
    {
        using var certificates = TestCertificates.Create();
        await using var server = KeepAliveTlsServer.Start(certificates.Server);
        using var checker = Checker(certificates);
        server.Status = 500;

        var bad = await CheckAsync(checker, server.Url("/a"), _warm);
        server.Status = 200;
        var next = await CheckAsync(checker, server.Url("/b"), _warm);

        Assert.Equal((TickStatus.Bad, "HTTP 500"), (bad.Status, bad.Error));
        Assert.Equal((TickStatus.Good, false), (next.Status, next.Warm));
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task CheckAsync_FreshChecks_NeverReuseAConnectionNorSayWarm()
    {
        using var certificates = TestCertificates.Create();
        await using var server = KeepAliveTlsServer.Start(certificates.Server);
        using var checker = Checker(certificates);

        var first = await CheckAsync(checker, server.Url("/a"), HttpCheckDefinition.Plain);
        var second = await CheckAsync(checker, server.Url("/b"), HttpCheckDefinition.Plain with { Method = "HEAD" });

        Assert.Equal(2, server.Accepted);
        Assert.Equal((TickStatus.Good, TickStatus.Good), (first.Status, second.Status));
        Assert.Equal((null, null), (first.Warm, second.Warm));
        Assert.Equal(0, checker.WarmConnectionCount);
    }

    [Fact]
    public async Task CheckAsync_WarmConnectionsAtTheBound_AFurtherTargetIsCheckedFreshAndNotWarm()
    {
        using var certificates = TestCertificates.Create();
        await using var kept = KeepAliveTlsServer.Start(certificates.Server);
        await using var other = KeepAliveTlsServer.Start(certificates.Server);
        using var checker = Checker(certificates, warmConnections: 1);
        await CheckAsync(checker, kept.Url("/a"), _warm);

        var first = await CheckAsync(checker, other.Url("/a"), _warm);
        var second = await CheckAsync(checker, other.Url("/b"), _warm);
        var stillWarm = await CheckAsync(checker, kept.Url("/b"), _warm);

        Assert.Equal((false, false, true), (first.Warm, second.Warm, stillWarm.Warm));
        Assert.Equal((1, 2), (kept.Accepted, other.Accepted));
        Assert.Equal(1, checker.WarmConnectionCount);
    }

    private static WebsiteChecker Checker(TestCertificates certificates, int fullHandshakeMinutes = 60, int warmConnections = 1000)
    {
        var options = new AgentOptions
        {
            Key = ValidatorKey.Generate(),
            AllowPrivateTargets = true,
            TrustedCertificates = [certificates.Authority],
            TlsFullHandshakeMinutes = fullHandshakeMinutes,
            WarmConnections = warmConnections,
        };
        var dialer = new TargetDialer(_ => null, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        return new WebsiteChecker(options, dialer, new ResumingTlsSessions(options, TimeProvider.System), TimeProvider.System);
    }

    private static Task<CheckOutcome> CheckAsync(WebsiteChecker checker, string url, HttpCheckDefinition check) =>
        Waits.ForAsync(checker.CheckAsync(url, check, CancellationToken.None), $"the check of {url}");
}
