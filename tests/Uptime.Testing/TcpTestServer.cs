using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Uptime.Testing;

/// <summary>
/// A TCP server on 127.0.0.1 (a free port) that runs <c>converse</c> with every connection it accepts, then closes it.
/// Counts the connections accepted.
/// </summary>
public sealed class TcpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<NetworkStream, CancellationToken, Task> _converse;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _accepted;

    private TcpTestServer(Func<NetworkStream, CancellationToken, Task> converse)
    {
        _converse = converse;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"tcp://127.0.0.1:{Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    public static TcpTestServer Start(Func<NetworkStream, CancellationToken, Task> converse) => new(converse);

    /// <summary>A port on 127.0.0.1 where nothing listens (it did a moment ago, so nothing else took it since).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Reads until <paramref name="text"/> has arrived (or the peer closes).</summary>
    public static async Task ReadUntilAsync(NetworkStream stream, string text, CancellationToken cancellationToken)
    {
        var received = "";
        var buffer = new byte[256];
        while (!received.Contains(text, StringComparison.Ordinal))
        {
            var count = await stream.ReadAsync(buffer, cancellationToken);
            if (count == 0)
            {
                return;
            }

            received += Encoding.UTF8.GetString(buffer, 0, count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var conversations = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                Interlocked.Increment(ref _accepted);
                conversations.Add(ConverseAsync(client));
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            await Task.WhenAll(conversations);
        }
    }

    private async Task ConverseAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await _converse(client.GetStream(), _stopping.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The checker closed first, or the test ended: the conversation is over either way.
            }
        }
    }
}
