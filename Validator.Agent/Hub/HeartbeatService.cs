using Uptime.Agent.Configuration;
using Uptime.Protocol;

namespace Uptime.Agent.Hub;

/// <summary>Sends a HEARTBEAT every <see cref="AgentOptions.HeartbeatInterval"/> while a registered session is open.</summary>
internal sealed class HeartbeatService(
    AgentOptions options,
    HubOutbox outbox,
    TimeProvider time,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (outbox.TrySend(new HeartbeatMessage(time.GetUtcNow().UtcDateTime)))
                {
                    logger.HeartbeatSent();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
