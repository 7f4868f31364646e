using System.Net;
using System.Security.Cryptography.X509Certificates;
using Uptime.Agent.Checks;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Tests.Checks;

/// <summary>
/// https:// targets on a local Kestrel whose certificates a test-made CA issued: trusted through AGENT_CA_FILE's
/// certificates (<see cref="AgentOptions.TrustedCertificates"/>), expired, for another name, from a CA nobody trusts.
/// </summary>
public sealed class HttpsCheckTests
{
    [Fact]
    public async Task CheckAsync_CertificateFromTrustedCa_GoodWithCertificateFactsAndTlsPhase()
    {
        using var certificates = TestCertificates.Create();
        await using var target = await HttpCheckTarget.StartAsync(certificates.Server);

        var outcome = await CheckAsync(target, [certificates.Authority]);

        Assert.Equal((TickStatus.Good, null, 200), (outcome.Status, outcome.Error, outcome.HttpStatus));
        var facts = Assert.IsType<CertificateFacts>(outcome.Certificate);
        Assert.Equal(certificates.Server.NotAfter.ToUniversalTime(), facts.ExpiresAt);
        Assert.Equal(DateTimeKind.Utc, facts.ExpiresAt.Kind);
        Assert.Equal(("CN=localhost", "CN=Uptime Test CA"), (facts.Subject, facts.Issuer));
        Assert.Equal(["localhost"], facts.Names);
        Assert.False(outcome.TlsResumed);
        var phases = Assert.IsType<TickPhases>(outcome.Phases);
        Assert.True(phases.Tls > 0 && phases.Connect > 0 && phases.FirstByte > 0, $"phases {phases}");
        Assert.True(phases.Connect + phases.Tls + phases.FirstByte <= outcome.LatencyMs, $"phases {phases} within {outcome.LatencyMs} ms");
        Assert.Equal($"localhost:{new Uri(target.Url("/")).Port}", Assert.Single(target.Received).Headers["Host"]);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", outcome.Address);
    }

    [Fact]
    public async Task CheckAsync_ExpiredCertificate_BadSayingWhen()
    {
        using var certificates = TestCertificates.Create(expired: true);
        await using var target = await HttpCheckTarget.StartAsync(certificates.Server);

        var outcome = await CheckAsync(target, [certificates.Authority]);

        var expiredAt = certificates.Server.NotAfter.ToUniversalTime();
        Assert.Equal((TickStatus.Bad, $"TLS certificate expired at {expiredAt:yyyy-MM-dd HH:mm:ss} UTC"), (outcome.Status, outcome.Error));
        Assert.Null(outcome.Certificate);
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task CheckAsync_CertificateForAnotherName_BadSayingTheNames()
    {
        using var certificates = TestCertificates.Create(forLoopback: false);
        await using var target = await HttpCheckTarget.StartAsync(certificates.Server);

        var outcome = await CheckAsync(target, [certificates.Authority]);

        Assert.Equal(
            (TickStatus.Bad, "TLS certificate name mismatch: localhost is not among its names (elsewhere.example)"),
            (outcome.Status, outcome.Error));
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task CheckAsync_UnknownCa_BadSayingTheChainIsNotTrusted()
    {
        using var certificates = TestCertificates.Create();
        using var other = TestCertificates.Create();
        await using var target = await HttpCheckTarget.StartAsync(certificates.Server);

        var outcome = await CheckAsync(target, [other.Authority]);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.StartsWith("TLS certificate not trusted: unknown CA or untrusted chain (issuer CN=Uptime Test CA", outcome.Error, StringComparison.Ordinal);
        Assert.False(outcome.Refused);
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task CheckAsync_NoExtraCas_SystemStoreAloneDoesNotTrustTheTestCa()
    {
        using var certificates = TestCertificates.Create();
        await using var target = await HttpCheckTarget.StartAsync(certificates.Server);

        var outcome = await CheckAsync(target, []);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.StartsWith("TLS certificate not trusted", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_Https_AsksTheSessionPolicyAndReportsTheHandshake()
    {
        using var certificates = TestCertificates.Create();
        await using var target = await HttpCheckTarget.StartAsync(certificates.Server);
        var sessions = new RecordingSessions();

        var outcome = await CheckAsync(target, [certificates.Authority], sessions);

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.Equal(["may resume localhost?", "localhost resumed: False"], sessions.Calls);
    }

    /// <summary>Checks the target by the name localhost (on its certificate), resolved by the test to 127.0.0.1.</summary>
    private static async Task<CheckOutcome> CheckAsync(HttpCheckTarget target, List<X509Certificate2> trusted, ITlsSessionPolicy? sessions = null)
    {
        var options = new AgentOptions { Key = ValidatorKey.Generate(), AllowPrivateTargets = true, TrustedCertificates = [.. trusted] };
        var dialer = new TargetDialer(_ => null, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        using var checker = new WebsiteChecker(options, dialer, sessions ?? new FullHandshakes(), TimeProvider.System);
        var url = target.Url("/echo").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        return await Waits.ForAsync(checker.CheckAsync(url, HttpCheckDefinition.Plain, CancellationToken.None), $"the check of {url}");
    }

    /// <summary>A policy that allows no resumption and records what the checker asked and told it.</summary>
    private sealed class RecordingSessions : ITlsSessionPolicy
    {
        public List<string> Calls { get; } = [];

        public bool MayResume(string host)
        {
            Calls.Add($"may resume {host}?");
            return false;
        }

        public bool? WasResumed(System.Net.Security.SslStream stream) => stream.IsAuthenticated ? false : null;

        public void HandshakeDone(string host, bool resumed) => Calls.Add($"{host} resumed: {resumed}");
    }
}
