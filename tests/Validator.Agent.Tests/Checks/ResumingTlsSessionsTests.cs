using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;

namespace Uptime.Agent.Tests.Checks;

public sealed class ResumingTlsSessionsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WasResumed_RealTlsServer_FirstHandshakeFullSecondResumed()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await TicketServer.StartAsync(certificates);
        var policy = Policy(minutes: 60);

        var first = await HandshakeAsync(server.Port, policy, allowResume: true);
        var second = await HandshakeAsync(server.Port, policy, allowResume: true);

        Assert.Equal(false, first);
        Assert.Equal(true, second);
    }

    [Fact]
    public async Task WasResumed_RealTlsServerResumeNotAllowed_False()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await TicketServer.StartAsync(certificates);
        var policy = Policy(minutes: 60);
        await HandshakeAsync(server.Port, policy, allowResume: true);

        var second = await HandshakeAsync(server.Port, policy, allowResume: false);

        Assert.Equal(false, second);
    }

    [Fact]
    public void MayResume_NoFullHandshakeYet_False()
    {
        Assert.False(Policy(minutes: 60).MayResume("a.example"));
    }

    [Fact]
    public void MayResume_FullHandshakeWithinInterval_TrueUntilTheIntervalEnds()
    {
        var policy = Policy(minutes: 60);
        policy.HandshakeDone("a.example", resumed: false);

        _time.Advance(TimeSpan.FromMinutes(59));
        var within = policy.MayResume("A.example");
        _time.Advance(TimeSpan.FromMinutes(1));
        var after = policy.MayResume("a.example");

        Assert.True(within);
        Assert.False(after);
    }

    [Fact]
    public void MayResume_OnlyResumedHandshakesSince_FullHandshakeDueAfterTheInterval()
    {
        var policy = Policy(minutes: 10);
        policy.HandshakeDone("a.example", resumed: false);
        for (var minute = 0; minute < 10; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            policy.HandshakeDone("a.example", resumed: true);
        }

        Assert.False(policy.MayResume("a.example"));
        Assert.False(policy.MayResume("b.example"));
    }

    [Fact]
    public void MayResume_ZeroMinutes_NeverResumes()
    {
        var policy = Policy(minutes: 0);
        policy.HandshakeDone("a.example", resumed: false);

        Assert.False(policy.MayResume("a.example"));
    }

    private ResumingTlsSessions Policy(int minutes) =>
        new(new AgentOptions { TlsFullHandshakeMinutes = minutes }, _time);

    /// <summary>
    /// One fresh connection as a check makes it: TCP, TLS to "localhost" (a name: .NET caches sessions by name, never
    /// for an IP address), then a read, which takes in the TLS 1.3 session ticket the server sends after the handshake.
    /// </summary>
    private static async Task<bool?> HandshakeAsync(int port, ResumingTlsSessions policy, bool allowResume)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            AllowTlsResume = allowResume,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
        });
        var resumed = policy.WasResumed(tls);
        var reply = new byte[1];
        await tls.ReadExactlyAsync(reply);
        return resumed;
    }
}
