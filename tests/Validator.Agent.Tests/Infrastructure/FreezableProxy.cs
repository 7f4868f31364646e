using System.Net;
using System.Net.Sockets;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a hub. <see cref="Freeze"/> makes it behave like a stopped hub process: the
/// connections stay open and their bytes are still taken in, but nothing is passed on, so no pong ever comes back.
/// </summary>
internal sealed class FreezableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private volatile bool _frozen;

    public FreezableProxy(string hubUrl)
    {
        _upstream = new Uri(hubUrl);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The ws:// URL of the proxy.</summary>
    public string Url => $"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Freeze() => _frozen = true;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(client => client.Dispose());
        }

        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var agent = await _listener.AcceptTcpClientAsync(_stopping.Token);
                var hub = new TcpClient();
                lock (_clients)
                {
                    _clients.Add(agent);
                    _clients.Add(hub);
                }

                await hub.ConnectAsync(_upstream.Host, _upstream.Port, _stopping.Token);
                _ = PipeAsync(agent.GetStream(), hub.GetStream());
                _ = PipeAsync(hub.GetStream(), agent.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task PipeAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
            {
                if (!_frozen)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
                }
            }

            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Either side went away or the proxy is disposed.
        }
    }
}
