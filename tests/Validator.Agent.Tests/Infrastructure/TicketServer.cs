using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>
/// A TLS server on 127.0.0.1 (.NET's SslStream, which issues session tickets): each connection gets a handshake and one
/// byte, then is closed. Its own certificate, so no other test's cached session for "localhost" resumes here.
/// </summary>
internal sealed class TicketServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _accepting;
    private readonly CancellationTokenSource _stop = new();

    private TicketServer(TcpListener listener, SslStreamCertificateContext certificate)
    {
        _listener = listener;
        _accepting = AcceptAsync(certificate);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static Task<TicketServer> StartAsync(TestCertificates certificates)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Task.FromResult(new TicketServer(listener, SslStreamCertificateContext.Create(certificates.Server, null)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync(SslStreamCertificateContext certificate)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                await using var tls = new SslStream(client.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = certificate }, _stop.Token);
                    await tls.WriteAsync(new byte[] { 1 }, _stop.Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                {
                }
            }
        }
    }
}
