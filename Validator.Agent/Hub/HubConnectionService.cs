using System.Net.WebSockets;
using Uptime.Agent.Configuration;
using Uptime.Protocol;

namespace Uptime.Agent.Hub;

/// <summary>
/// Connects to the hub and registers; after every drop or failed attempt waits
/// <see cref="AgentOptions.ReconnectDelay"/> and connects again, until the host stops.
/// </summary>
internal sealed class HubConnectionService(
    AgentOptions options,
    HubMessageHandler handler,
    HubOutbox outbox,
    TimeProvider time,
    ILogger<HubConnectionService> logger) : BackgroundService
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.Starting();
        logger.Location(options.Location);
        logger.PublicKey(options.PublicKey);
        var hubUri = new Uri(options.HubUrl);
        while (!stoppingToken.IsCancellationRequested)
        {
            await ConnectAndRunAsync(hubUri, stoppingToken);
            try
            {
                await Task.Delay(options.ReconnectDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ConnectAndRunAsync(Uri hubUri, CancellationToken stoppingToken)
    {
        logger.Connecting(options.HubUrl);
        using var socket = new ClientWebSocket();

        // Ping the hub too: a hub that vanished without closing is noticed within two intervals, not minutes.
        socket.Options.KeepAliveInterval = options.HeartbeatInterval;
        socket.Options.KeepAliveTimeout = options.HeartbeatInterval;
        var failure = await ConnectAsync(socket, hubUri, stoppingToken);
        if (failure is not null)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.ConnectFailed(failure, options.ReconnectDelay.TotalSeconds);
            }

            return;
        }

        logger.Connected();
        var session = new HubSession(socket);
        session.TrySend(new RegisterMessage(options.PublicKey, options.Location));
        var reason = await session.RunAsync(message => handler.Handle(message, session), stoppingToken);
        outbox.Detach(session);
        if (!stoppingToken.IsCancellationRequested)
        {
            logger.Disconnected(reason, options.ReconnectDelay.TotalSeconds);
        }
    }

    /// <summary>Opens the socket; returns why it could not, or null when connected.</summary>
    private async Task<string?> ConnectAsync(ClientWebSocket socket, Uri hubUri, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(hubUri, linked.Token);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"No answer within {ConnectTimeout.TotalSeconds} s";
        }
        catch (Exception e)
        {
            return ExceptionMessages.Describe(e);
        }
    }
}
