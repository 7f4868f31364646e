using Uptime.Agent.Configuration;
using Uptime.Agent.Ticks;
using Uptime.Protocol;

namespace Uptime.Agent.Checks;

/// <summary>
/// Runs queued checks, at most <see cref="AgentOptions.MaxConcurrentChecks"/> at once and at most
/// <see cref="AgentOptions.MaxChecksPerHost"/> of one target host (<see cref="HostSlots"/>), and produces a tick for each
/// one: a TICK_RESULT with the check's <c>checkToken</c> and its tick id (a fresh one when the hub sent no token), kept
/// in the <see cref="TickBuffer"/> until the hub acknowledges it (sent at once when connected, after the next
/// registration otherwise) and appended to the <see cref="TickLog"/>.
/// The tick is signed here when the hub asked for signed ticks (see <see cref="TickSigner"/>).
/// </summary>
internal sealed class CheckWorkers(
    AgentOptions options,
    CheckQueue queue,
    HostSlots hosts,
    CheckRunner checker,
    TickBuffer ticks,
    TickLog tickLog,
    TickSigner signer,
    TimeProvider time,
    ILogger<CheckWorkers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.MaxConcurrentChecks).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var received in queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (!hosts.TryEnter(received))
                {
                    continue;
                }

                await RunWithFollowersAsync(received, stoppingToken);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: checks in flight are abandoned, not reported.
        }
    }

    /// <summary>Runs <paramref name="check"/>, then, in its host's slot, each check of that host that waited for one.</summary>
    private async Task RunWithFollowersAsync(WebsiteCheck check, CancellationToken stoppingToken)
    {
        while (true)
        {
            var outcome = await checker.RunAsync(check, stoppingToken);
            Report(check, outcome);
            if (!hosts.TryHandOver(check, out check, out var waited))
            {
                return;
            }

            logger.WaitedForHost(check.Url, Math.Round(waited.TotalMilliseconds), options.MaxChecksPerHost);
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

        // A hub that sends checkTokens stores the answer under the token's tick id; echoing both lets it tell a re-send.
        var tickId = CheckToken.TryParse(check.CheckToken, out var token) ? token.TickId : Guid.CreateVersion7(time.GetUtcNow());
        var tick = new TickResultMessage(
            check.WebsiteId, outcome.Status, outcome.LatencyMs, outcome.CompletedAt, outcome.Error, tickId, CheckToken: check.CheckToken,
            Refused: outcome.Refused,
            HttpStatus: outcome.HttpStatus,
            Phases: outcome.Phases,
            Address: outcome.Address,
            TlsResumed: outcome.TlsResumed,
            Certificate: outcome.Certificate,
            FailedAssertion: outcome.FailedAssertion,
            Warm: outcome.Warm);
        if (signer.Required)
        {
            tick = signer.Sign(tick);
        }

        // The line first: the tick may be sent as soon as it is buffered, and the log is flushed before sending.
        tickLog.Append(tick);
        ticks.Add(tick);
    }
}
