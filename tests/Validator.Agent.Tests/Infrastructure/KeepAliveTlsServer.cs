using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>
/// An HTTPS/1.1 server on 127.0.0.1 that keeps connections alive and counts the TCP connections it accepted, so a test
/// can tell a request over a connection already open from one that opened its own. Every GET is answered with
/// <see cref="Status"/> and "ok\n"; <see cref="CloseConnections"/> closes the open connections from the server's side.
/// </summary>
internal sealed class KeepAliveTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _accepted;
    private int _requests;

    private KeepAliveTlsServer(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static KeepAliveTlsServer Start(X509Certificate2 certificate) => new(certificate);

    public int Accepted => Volatile.Read(ref _accepted);

    public int Requests => Volatile.Read(ref _requests);

    public int OpenConnections => _open.Count;

    public int Status { get; set; } = 200;

    /// <summary>The URL of <paramref name="path"/> by the name localhost (on the test certificate).</summary>
    public string Url(string path) => $"https://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    public void CloseConnections()
    {
        foreach (var client in _open.Keys)
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CloseConnections();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
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

            Interlocked.Increment(ref _accepted);
            _open[client] = 0;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            while (true)
            {
                var read = await tls.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                int end;
                while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    pending.Remove(0, end + 4);
                    Interlocked.Increment(ref _requests);
                    var answer = $"HTTP/1.1 {Status} Status\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nok\n";
                    await tls.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException
            or System.Security.Authentication.AuthenticationException)
        {
        }
        finally
        {
            _open.TryRemove(client, out _);
            client.Dispose();
        }
    }
}
