using Uptime.Agent.Configuration;
using Uptime.Agent.Hub;
using Uptime.Protocol;

namespace Uptime.Agent.Checks;

/// <summary>
/// Runs queued checks, at most <see cref="AgentOptions.MaxConcurrentChecks"/> at once, and reports each one to the
/// hub as a TICK_RESULT. A result is dropped when no registered connection is open.
/// </summary>
internal sealed class CheckWorkers(
    AgentOptions options,
    CheckQueue queue,
    WebsiteChecker checker,
    HubOutbox outbox,
    ILogger<CheckWorkers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.MaxConcurrentChecks).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var check in queue.Reader.ReadAllAsync(stoppingToken))
            {
                var outcome = await checker.CheckAsync(check.Url, stoppingToken);
                Report(check, outcome);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: checks in flight are abandoned, not reported.
        }
    }

    private void Report(WebsiteCheck check, CheckOutcome outcome)
    {
        var latency = Math.Round(outcome.LatencyMs);
        if (outcome.Status == TickStatus.Good)
        {
            logger.CheckGood(check.Url, latency);
        }
        else
        {
            logger.CheckBad(check.Url, latency, outcome.Error);
        }

        var tick = new TickResultMessage(check.WebsiteId, outcome.Status, outcome.LatencyMs, outcome.CompletedAt, outcome.Error);
        if (!outbox.TrySend(tick))
        {
            logger.TickDropped(check.WebsiteId);
        }
    }
}
