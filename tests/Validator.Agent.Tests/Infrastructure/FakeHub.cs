using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
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
    private readonly Settings _settings;

    private FakeHub(WebApplication app, string url, Channel<FakeHubConnection> pending, ConcurrentQueue<FakeHubConnection> all, Settings settings)
    {
        _app = app;
        _settings = settings;
        Url = url;
        _pending = pending;
        _all = all;
    }

    /// <summary>The ws:// (or wss://) URL agents connect to.</summary>
    public string Url { get; }

    public int ConnectionCount => _all.Count;

    /// <summary>Whether the next connections get a CHALLENGE (false: a hub that speaks only the spec).</summary>
    public bool SendChallenge
    {
        get => _settings.SendChallenge;
        set => _settings.SendChallenge = value;
    }

    /// <summary>Whether the CHALLENGE of the next connections asks for signed ticks.</summary>
    public bool RequireSignedTicks
    {
        get => _settings.RequireSignedTicks;
        set => _settings.RequireSignedTicks = value;
    }

    /// <summary>
    /// Starts a hub that, like ours, sends a CHALLENGE on every connection (<paramref name="sendChallenge"/> false: a hub
    /// predating it), served over TLS (wss://) with <paramref name="certificate"/> when given.
    /// </summary>
    public static async Task<FakeHub> StartAsync(bool sendChallenge = true, bool requireSignedTicks = false, X509Certificate2? certificate = null)
    {
        var settings = new Settings { SendChallenge = sendChallenge, RequireSignedTicks = requireSignedTicks };
        var pending = Channel.CreateUnbounded<FakeHubConnection>();
        var all = new ConcurrentQueue<FakeHubConnection>();
        var (app, address) = await LoopbackWebApplication.StartAsync(certificate, app =>
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
                var connection = new FakeHubConnection(socket, context.Request.Headers.Authorization.ToString());
                all.Enqueue(connection);
                if (settings.SendChallenge)
                {
                    await connection.SendChallengeAsync(settings.RequireSignedTicks);
                }

                pending.Writer.TryWrite(connection);
                await connection.Completion;
            });
        });
        var scheme = certificate is null ? "ws" : "wss";
        return new FakeHub(app, $"{scheme}://{address.Authority}", pending, all, settings);
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

    private sealed class Settings
    {
        public bool SendChallenge { get; set; }

        public bool RequireSignedTicks { get; set; }
    }
}
