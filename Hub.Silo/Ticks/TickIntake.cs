using Uptime.Grains;
using Uptime.Hub.Canaries;
using Uptime.Hub.Database;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Live;
using Uptime.Hub.Observability;
using Uptime.Hub.Validators;
using Uptime.Protocol;
using static Uptime.Hub.Validators.ValidatorConnectionLog;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.Hub.Ticks;

/// <summary>
/// Takes the TICK_RESULT messages of one registered connection: checks the signature and the checkToken, has the
/// website admit the tick, queues its row (acknowledged through the outbox once stored) and its live update, and
/// refuses the rest with an ERROR carrying the tickId. At most <see cref="MaxTicksInFlight"/> ticks await admission.
/// A tick for a canary goes to the connection's <see cref="CanaryRecord"/> instead, and is acknowledged at once: it is
/// evidence about the validator, not about a website, so it is not stored.
/// </summary>
internal sealed class TickIntake(
    Guid connectionId,
    IValidatorOutbox outbox,
    ITickAdmission admission,
    ITickQueue rows,
    ILiveTicks live,
    CheckTokens checkTokens,
    CanaryTargets canaries,
    CanaryRecord canaryRound,
    bool requireSignedTicks,
    HubCounters counters,
    TimeProvider time,
    ILogger logger)
{
    public const int MaxTicksInFlight = 64;

    private readonly SemaphoreSlim _slots = new(MaxTicksInFlight, MaxTicksInFlight);

    /// <summary>Refuses <paramref name="tick"/> at once or starts its admission; returns once a slot for it is free.</summary>
    public async Task AcceptAsync(RegisteredValidator validator, TickResultMessage tick)
    {
        // REGISTER is refused without a signature when ticks must be signed, so a registered connection has its key.
        if (requireSignedTicks && TickSignature.Problem(validator.Key!, tick) is { } problem)
        {
            counters.ValidatorRefused(RefusalReasons.InvalidSignature);
            outbox.Send(new ErrorMessage(ErrorCodes.InvalidSignature, problem, tick.TickId));
            return;
        }

        // The parser let only well-formed tokens through.
        CheckToken? verified = null;
        if (CheckToken.TryParse(tick.CheckToken, out var token))
        {
            if (!checkTokens.IsIssued(token, tick.WebsiteId, validator.Id))
            {
                Refuse(
                    tick,
                    ErrorCodes.UnexpectedTick,
                    $"payload.checkToken was not sent to {validator.PublicKey} for website {tick.WebsiteId}; tick not stored");
                return;
            }

            verified = token;
        }

        if (canaries.IsCanary(tick.WebsiteId))
        {
            AnswerCanary(tick, verified);
            return;
        }

        await _slots.WaitAsync();
        _ = RecordAsync(validator, tick, verified);
    }

    /// <summary>Waits until no tick awaits admission, giving up after <paramref name="timeout"/> without progress.</summary>
    public async Task WaitForTicksInFlightAsync(TimeSpan timeout)
    {
        for (var taken = 0; taken < MaxTicksInFlight; taken++)
        {
            if (!await _slots.WaitAsync(timeout))
            {
                return;
            }
        }
    }

    private async Task RecordAsync(RegisteredValidator validator, TickResultMessage tick, CheckToken? verified)
    {
        try
        {
            var report = new TickReport(
                validator.Id, tick.Status == TickStatus.Good, tick.Latency, tick.Timestamp, tick.Error, verified?.DueAt, validator.RegisteredAt,
                validator.Location, tick.Refused, requireSignedTicks ? tick.Signature : null);
            var outcome = await admission.RecordTickAsync(tick.WebsiteId, report);
            switch (outcome.Verdict)
            {
                case TickVerdict.UnknownWebsite:
                    Refuse(tick, ErrorCodes.UnknownWebsite, $"websiteId {tick.WebsiteId} is not a monitored website; tick rejected");
                    return;
                case TickVerdict.Unexpected:
                    Refuse(tick, ErrorCodes.UnexpectedTick, outcome.Error!);
                    return;
                case TickVerdict.BadTimestamp:
                    Refuse(tick, ErrorCodes.InvalidField, outcome.Error!);
                    return;
            }

            var recorded = outcome.Verdict == TickVerdict.Recorded;
            if (recorded)
            {
                counters.TickReceived(tick.Latency);
                LogTickReceived(logger, tick.WebsiteId, validator.PublicKey, tick.Status, tick.Latency);
            }

            var row = new TickRow(
                verified?.TickId ?? checkTokens.TickId(tick.WebsiteId, validator.Id, outcome.DueAt), tick.WebsiteId, validator.Id, tick.Timestamp,
                report.Good, tick.Latency, tick.Error, time.GetUtcNow().UtcDateTime, validator.Location,
                tick.TickId is { } tickId ? new TickAck(outbox, tickId) : null, tick.Refused, outcome.Confirmation, TickDetails.Of(tick));
            if (!rows.TryEnqueue(row))
            {
                // PostgreSQL has been away long enough to fill the queue: without an acknowledgement the agent keeps
                // the tick and sends it again; a spec client's tick is lost.
                LogTickDeferred(logger, tick.WebsiteId, validator.PublicKey, tick.TickId is not null);
                return;
            }

            if (recorded)
            {
                live.AddTick(new LiveTick(
                    tick.WebsiteId, validator.Id, validator.Location, report.Good, tick.Latency, tick.Timestamp, tick.Error, outcome.Status));
            }
        }
        catch (Exception e) when (DatabaseUnavailable.Explain(e) is { } reason)
        {
            // The website's grain could not activate (it reads the websites table): nothing stored, the agent sends it again.
            LogDatabaseUnavailable(logger, connectionId, nameof(TickResultMessage), reason);
            outbox.Send(new ErrorMessage(ErrorCodes.Unavailable, $"Tick for {tick.WebsiteId} not recorded: the hub's database is unavailable ({reason}); try again"));
        }
        catch (Exception e)
        {
            LogHandlingFailed(logger, e, connectionId, nameof(TickResultMessage));
            outbox.Send(new ErrorMessage(ErrorCodes.InternalError, $"Tick for {tick.WebsiteId} could not be recorded; try again"));
        }
        finally
        {
            _slots.Release();
        }
    }

    private void AnswerCanary(TickResultMessage tick, CheckToken? verified)
    {
        var problem = canaryRound.Admit(
            tick.WebsiteId, verified?.DueAt, tick.Timestamp, tick.Status == TickStatus.Good, tick.Refused, tick.Error, time.GetUtcNow().UtcDateTime);
        if (problem is not null)
        {
            Refuse(tick, ErrorCodes.UnexpectedTick, problem);
        }
        else if (tick.TickId is { } tickId)
        {
            outbox.Acknowledge([tickId]);
        }
    }

    /// <summary>Refuses a tick for good: not stored; the ERROR names its tickId, so the agent stops sending it.</summary>
    private void Refuse(TickResultMessage tick, string code, string message)
    {
        counters.TickRefused(code);
        outbox.Send(new ErrorMessage(code, message, tick.TickId));
    }
}
