using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>A hub the test drives by hand: a real Kestrel WebSocket endpoint on 127.0.0.1 that hands over each agent connection.</summary>
internal sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<FakeHubConnection> _pending;
    private readonly ConcurrentQueue<FakeHubConnection> _all;

    private FakeHub(WebApplication app, string url, Channel<FakeHubConnection> pending, ConcurrentQueue<FakeHubConnection> all)
    {
        _app = app;
        Url = url;
        _pending = pending;
        _all = all;
    }

    /// <summary>The ws:// URL agents connect to.</summary>
    public string Url { get; }

    public int ConnectionCount => _all.Count;

    public static async Task<FakeHub> StartAsync()
    {
        var pending = Channel.CreateUnbounded<FakeHubConnection>();
        var all = new ConcurrentQueue<FakeHubConnection>();
        var (app, address) = await LoopbackWebApplication.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Run(async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var connection = new FakeHubConnection(socket);
                all.Enqueue(connection);
                pending.Writer.TryWrite(connection);
                await connection.Completion;
            });
        });
        return new FakeHub(app, $"ws://{address.Authority}", pending, all);
    }

    public Task<FakeHubConnection> NextConnectionAsync() =>
        Waits.ForAsync(_pending.Reader.ReadAsync().AsTask(), "the agent to connect to the hub");

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _all)
        {
            connection.Abort();
        }

        await _app.DisposeAsync();
    }
}
