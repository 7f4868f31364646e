using Uptime.Grains.Verdicts;

namespace Uptime.Grains;

/// <summary>
/// The verdict side of a website: failing rounds, confirmation rounds and incidents. A round is a slot's checks or a
/// confirmation round; the quorum saying Down holds the verdict at Degraded until it said so for the policy's failing
/// rounds. An incident opens when the verdict turns Down (or Degraded, if the policy says so), once per outage: while one
/// is open a new Down continues it, and it resolves itself when the verdict stayed good for the policy's recovery time.
/// </summary>
public sealed partial class WebsiteGrain
{
    private OpenIncident? _incident;
    private bool _incidentOwed;
    private bool _incidentCallFailed;
    private DateTime? _goodSince;
    private int _failingRounds;
    private DateTime _lastFailingRound;
    private DateTime _lastConfirmationAt = DateTime.MinValue;
    private IGrainTimer? _settleTimer;

    private VerdictPolicy Policy => _definition?.Verdict ?? VerdictPolicy.Default;

    private MonitorSpec Monitor => _definition?.Spec ?? MonitorSpec.PlainHttp;

    private TimeSpan Freshness => TimeSpan.FromSeconds((_definition?.IntervalSeconds ?? 0) * _options.FreshnessIntervals);

    public async Task IncidentChangedAsync()
    {
        if (!ExistsOrLeave())
        {
            return;
        }

        var open = await incidents.FindOpenAsync(WebsiteId, CancellationToken.None);
        if (open?.Id != _incident?.Id)
        {
            _goodSince = null;
        }

        _incident = open;
        _incidentOwed = false;
    }

    private WebsiteHealth Judge(TimeSpan freshness)
    {
        var policy = Policy;
        var verdict = VerdictRule.Evaluate(state.State.LastTicks.Values, policy, roster, Now, freshness, Monitor);
        if (verdict != WebsiteHealth.Down)
        {
            _failingRounds = 0;
            _lastFailingRound = default;
            return verdict;
        }

        var round = NewestAnswerDue();
        if (round > _lastFailingRound)
        {
            _failingRounds++;
            _lastFailingRound = round;
        }

        return _failingRounds >= policy.FailingRounds ? WebsiteHealth.Down : WebsiteHealth.Degraded;
    }

    /// <summary>
    /// Whether a change to <paramref name="status"/> waits: some validator with a fresh tick has not yet answered the
    /// round that others answered (its latest check is older), or a region expected to vote has no answer to it yet (a new
    /// website's first round), so the change would be one of several within the round
    /// (Up → Degraded on the first Bad answer, → Down on the second). The change is taken when the round is complete, or
    /// after <see cref="WebsiteGrainOptions.RoundSettle"/> at the latest. Maintenance starts and ends at once.
    /// </summary>
    private bool HoldsForTheRound(WebsiteHealth status, TimeSpan freshness)
    {
        if (status == WebsiteHealth.Maintenance || _status == WebsiteHealth.Maintenance)
        {
            return false;
        }

        var now = Now;
        var newest = DateTime.MinValue;
        var oldest = DateTime.MaxValue;
        foreach (var tick in state.State.LastTicks.Values)
        {
            if (now - tick.ReceivedAt <= freshness)
            {
                newest = tick.DueAt > newest && !tick.Confirmation ? tick.DueAt : newest;
                oldest = tick.DueAt < oldest ? tick.DueAt : oldest;
            }
        }

        if (oldest >= newest && !AnExpectedRegionIsSilent(newest, freshness))
        {
            return false;
        }

        _settleTimer ??= this.RegisterGrainTimer(SettleAsync, new GrainTimerCreationOptions(_options.RoundSettle, Timeout.InfiniteTimeSpan));
        return true;
    }

    /// <summary>Whether a region expected to vote (an online validator that is not impaired) has no fresh answer to the round due <paramref name="round"/>.</summary>
    private bool AnExpectedRegionIsSilent(DateTime round, TimeSpan freshness)
    {
        var policy = Policy;
        var now = Now;
        foreach (var region in roster.VotingRegionsFor(_definition?.Spec.Capability))
        {
            if (!policy.Covers(region))
            {
                continue;
            }

            var answered = false;
            foreach (var tick in state.State.LastTicks.Values)
            {
                if (tick.DueAt >= round && now - tick.ReceivedAt <= freshness && string.Equals(tick.Region, region, StringComparison.OrdinalIgnoreCase))
                {
                    answered = true;
                    break;
                }
            }

            if (!answered)
            {
                return true;
            }
        }

        return false;
    }

    private Task SettleAsync()
    {
        _settleTimer?.Dispose();
        _settleTimer = null;
        return _definition is null ? Task.CompletedTask : EvaluateStatusAsync(settled: true);
    }

    private DateTime NewestAnswerDue()
    {
        var newest = DateTime.MinValue;
        foreach (var tick in state.State.LastTicks.Values)
        {
            newest = tick.DueAt > newest ? tick.DueAt : newest;
        }

        return newest;
    }

    private Verdict Explain() => VerdictRule.Explain(state.State.LastTicks.Values, Policy, roster, Now, Freshness, Monitor);

    private string? StatusReason(Verdict verdict) => _status switch
    {
        WebsiteHealth.Maintenance => "in a maintenance window: checks go on, no verdict and no incident",
        _ when IsPush => PushStatusReason(),
        WebsiteHealth.Degraded when verdict.Status == WebsiteHealth.Down =>
            $"{verdict.Reason}; Down after {Policy.FailingRounds} failing rounds, {_failingRounds} so far",
        _ when verdict.Status == _status => verdict.Reason,
        _ => $"{_status} until the validators report (just activated); now: {verdict.Reason ?? verdict.Status.ToString()}",
    };

    /// <summary>
    /// A vote said Bad: if the website was Up, validators of other regions check it at once (one confirmation round per
    /// interval, within this silo's budget), so the verdict comes within seconds instead of at the next slot.
    /// </summary>
    private void ConfirmFailure(TickReport tick)
    {
        var definition = _definition!;
        if (_status != WebsiteHealth.Up || tick.Refused || roster.IsImpaired(tick.ValidatorId)
            || Now - _lastConfirmationAt < TimeSpan.FromSeconds(definition.IntervalSeconds) || !dispatcher.SiloIsActive)
        {
            return;
        }

        var targets = ConfirmationTargets.Choose(roster.Online, definition, tick.Region, tick.ValidatorId, confirmations.ValidatorsPerRound);
        if (targets.Length == 0 || !confirmations.TryTake())
        {
            return;
        }

        var dueAt = Now;
        _lastConfirmationAt = dueAt;
        _offSlot = new OffSlotCheck(dueAt, targets, Confirmation: true);
        dispatcher.Enqueue(new CheckItem(
            definition.Id, definition.Url, definition.IntervalSeconds, dueAt, targets, Confirmation: true, Monitor: definition.Monitor));
        LogConfirmationSent(logger, WebsiteId, tick.Region, targets.Length);
    }

    private async Task TrackIncidentAsync(WebsiteHealth status, bool changed, bool onDispatch)
    {
        var policy = Policy;
        var retry = !_incidentCallFailed || onDispatch;
        if (status == WebsiteHealth.Down || (status == WebsiteHealth.Degraded && policy.IncidentOnDegraded))
        {
            _goodSince = null;
            _incidentOwed |= changed && _incident is null;
            if (_incidentOwed && retry)
            {
                await OpenIncidentAsync(status);
            }

            return;
        }

        _incidentOwed = false;
        if (_incident is not { } incident || status is not (WebsiteHealth.Up or WebsiteHealth.Degraded))
        {
            _goodSince = null;
            return;
        }

        _goodSince ??= Now;
        if (Now - _goodSince.Value >= TimeSpan.FromSeconds(policy.RecoverySeconds) && retry)
        {
            await ResolveIncidentAsync(incident, status);
        }
    }

    private async Task OpenIncidentAsync(WebsiteHealth status)
    {
        var verdict = Explain();
        try
        {
            _incident = await incidents.OpenAsync(WebsiteId, Now, status, StatusReason(verdict) ?? status.ToString(), verdict.Votes, CancellationToken.None);
            _incidentOwed = false;
            _incidentCallFailed = false;
            LogIncidentOpened(logger, WebsiteId, _incident.Id, _incident.Opened);
        }
        catch (Exception e)
        {
            _incidentCallFailed = true;
            LogIncidentCallFailed(logger, e, WebsiteId);
        }
    }

    private async Task ResolveIncidentAsync(OpenIncident incident, WebsiteHealth status)
    {
        try
        {
            var reason = $"{status} for at least {Policy.RecoverySeconds} s";
            await incidents.ResolveAsync(incident.Id, Now, reason, CancellationToken.None);
            _incident = null;
            _goodSince = null;
            _incidentCallFailed = false;
            LogIncidentResolved(logger, WebsiteId, incident.Id);
        }
        catch (Exception e)
        {
            _incidentCallFailed = true;
            LogIncidentCallFailed(logger, e, WebsiteId);
        }
    }

    private async Task AddConfirmationToIncidentAsync(ValidatorLastTick tick)
    {
        if (_incident is not { } incident || _incidentCallFailed)
        {
            return;
        }

        var vote = new IncidentVote(tick.ValidatorId, tick.Region ?? "", tick.Timestamp, tick.Good, tick.Error, tick.LatencyMs, tick.Signature, true);
        var text = $"confirmation from {vote.Region}: {(tick.Good ? "Good" : "Bad")}{(tick.Error is null ? "" : $" ({tick.Error})")}, {tick.LatencyMs:0} ms";
        try
        {
            await incidents.AddEventAsync(incident.Id, Now, "confirmation", text, [vote], CancellationToken.None);
        }
        catch (Exception e)
        {
            LogIncidentCallFailed(logger, e, WebsiteId);
        }
    }
}
