using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Checks.Warm;
using Uptime.Security;

namespace Uptime.Agent.Checks.Http;

/// <summary>
/// Opens the connection of a <see cref="ProbeRequest"/>: the <see cref="TargetDialer"/> (address rule, DNS and connect,
/// timed), then, for an https:// target, the TLS handshake, timed, resumed only when the <see cref="ITlsSessionPolicy"/>
/// allows it, the certificate judged by <see cref="TargetCertificates"/> and its facts kept after a full handshake. A warm
/// hop's connection always opens with a full handshake (it is kept open in place of many handshakes) and is counted by
/// <see cref="WarmConnections"/>.
/// </summary>
internal sealed class ProbeConnector(TargetDialer dialer, ITlsSessionPolicy sessions, TargetCertificates certificates, WarmConnections warm)
{
    private static readonly List<SslApplicationProtocol> _http11 = [SslApplicationProtocol.Http11];

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (context.InitialRequestMessage is not ProbeRequest request)
        {
            return dialer.ConnectAsync(context, cancellationToken);
        }

        request.OpenedConnection = true;
        if (request.WarmTarget is { } target)
        {
            return ConnectWarmAsync(context, request, target, cancellationToken);
        }

        // The request's URL has the target's host and port, also when an https:// target is sent as http://. Plain http://
        // is the dialer's stream as it is, without one more async step.
        return request.TlsHost is { } host
            ? ConnectOverTlsAsync(context, request, host, cancellationToken)
            : dialer.ConnectAsync(context.DnsEndPoint, request.Dial, cancellationToken);
    }

    private async ValueTask<Stream> ConnectWarmAsync(SocketsHttpConnectionContext context, ProbeRequest request, string target, CancellationToken cancellationToken)
    {
        var stream = request.TlsHost is { } host
            ? await ConnectOverTlsAsync(context, request, host, cancellationToken)
            : await dialer.ConnectAsync(context.DnsEndPoint, request.Dial, cancellationToken);
        return warm.Opened(target, stream);
    }

    private async ValueTask<Stream> ConnectOverTlsAsync(SocketsHttpConnectionContext context, ProbeRequest request, string host, CancellationToken cancellationToken)
    {
        var stream = await dialer.ConnectAsync(context.DnsEndPoint, request.Dial, cancellationToken);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            await tls.AuthenticateAsClientAsync(Options(request, host), cancellationToken);
            request.TlsDoneAt = Stopwatch.GetTimestamp();
            request.Tls = Stopwatch.GetElapsedTime(started, request.TlsDoneAt);
            var resumed = sessions.WasResumed(tls);
            sessions.HandshakeDone(host, resumed == true);
            request.TlsResumed = resumed;
            if (resumed != true && tls.RemoteCertificate is X509Certificate2 leaf)
            {
                request.Certificate = TargetCertificates.FactsOf(leaf);
            }

            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    private SslClientAuthenticationOptions Options(ProbeRequest request, string host) => new()
    {
        TargetHost = host,
        AllowTlsResume = request.WarmTarget is null && sessions.MayResume(host),
        ApplicationProtocols = _http11,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            request.CertificateProblem = certificates.ProblemOf(host, certificate, chain, errors);
            return request.CertificateProblem is null;
        },
    };
}
