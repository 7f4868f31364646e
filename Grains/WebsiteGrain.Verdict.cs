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

    private VerdictPolicy Policy => _definition?.Verdict ?? VerdictPolicy.Default;

    private TimeSpan Freshness => TimeSpan.FromSeconds((_definition?.IntervalSeconds ?? 0) * _options.FreshnessIntervals);

    public async Task IncidentChangedAsync()
    {
        if (!ExistsOrLeave())
        {
            return;
        }

        _incident = await incidents.FindOpenAsync(WebsiteId, CancellationToken.None);
        _incidentOwed = false;
        _goodSince = null;
    }

    private WebsiteHealth Judge(TimeSpan freshness)
    {
        var policy = Policy;
        var verdict = VerdictRule.Evaluate(state.State.LastTicks.Values, policy, roster, Now, freshness);
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

    private DateTime NewestAnswerDue()
    {
        var newest = DateTime.MinValue;
        foreach (var tick in state.State.LastTicks.Values)
        {
            newest = tick.DueAt > newest ? tick.DueAt : newest;
        }

        return newest;
    }

    private Verdict Explain() => VerdictRule.Explain(state.State.LastTicks.Values, Policy, roster, Now, Freshness);

    private string? StatusReason(Verdict verdict) => _status switch
    {
        WebsiteHealth.Maintenance => "in a maintenance window: checks go on, no verdict and no incident",
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
        dispatcher.Enqueue(new CheckItem(definition.Id, definition.Url, definition.IntervalSeconds, dueAt, targets, Confirmation: true));
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
