using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Uptime.Grains.Verdicts;

namespace Uptime.Grains;

/// <summary>
/// One website: dispatches a check to every online validator once per interval (one activation cluster-wide,
/// so the count does not grow with the number of silos) and folds the ticks into a live aggregate and a verdict from its
/// regions (<see cref="VerdictRule"/>), confirming a first failure from other regions at once and opening and resolving
/// its incidents (WebsiteGrain.Verdict.cs). A push monitor is judged from its job's pushes instead, without validators
/// (WebsiteGrain.Push.cs). The
/// definition is read from the websites table on activation and on <see cref="RefreshAsync"/>. The hub wakes the
/// grains of enabled websites after a restart or a silo's death (<see cref="KeepAliveAsync"/>); while enabled, the
/// dispatch timer keeps the activation alive. Placed on the calling silo (Orleans 10's default placement weighs the
/// silos' load and moves a new activation to a less loaded silo), so that the keeper's share of websites is what each silo
/// hosts and a website created through one silo lives there.
/// </summary>
[GrainType("website")]
[PreferLocalPlacement]
public sealed partial class WebsiteGrain(
    [PersistentState("website", "websites")] IPersistentState<WebsiteState> state,
    IWebsiteCatalog catalog,
    ICheckDispatcher dispatcher,
    IStatusChangeLog statusChanges,
    IMaintenanceCalendar maintenance,
    IValidatorRoster roster,
    IIncidentLog incidents,
    IConfirmationBudget confirmations,
    IOptions<WebsiteGrainOptions> options,
    TimeProvider time,
    ILogger<WebsiteGrain> logger) : Grain, IWebsiteGrain
{
    private readonly WebsiteGrainOptions _options = options.Value;
    private WebsiteDefinition? _definition;
    private IGrainTimer? _dispatchTimer;
    private IGrainTimer? _pushTimer;
    private int _scheduledInterval;
    private bool _dirty;
    private bool _dispatched;
    private DateTime _sentSince = DateTime.MinValue;
    private OffSlotCheck? _offSlot;
    private Guid[]? _slotTargets;
    private StatusChange? _unsavedChange;
    private WebsiteHealth _status;
    private DateTime? _statusChangedAt;
    private DateTime _activatedAt;
    private bool _watchingMaintenance;

    private Guid WebsiteId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = Now;
        var stored = await catalog.FindAsync(WebsiteId, cancellationToken);
        _definition = stored?.Definition;
        _status = stored?.Status ?? WebsiteHealth.Unknown;
        _statusChangedAt = stored?.StatusChangedAt;
        StartWatchingPushes(stored);
        if (_status is WebsiteHealth.Down or WebsiteHealth.Degraded)
        {
            _incident = await incidents.FindOpenAsync(WebsiteId, cancellationToken);
        }

        var seen = _definition is { Enabled: true, IsPush: false } definition ? dispatcher.LatestCheckSeen(WebsiteId, definition.IntervalSeconds) : null;
        var owed = MissedItsLatestSlot(seen);
        await ScheduleAsync(lastCheckAt: owed ? Now : seen);
        if (owed)
        {
            LogMissedSlotChecked(logger, WebsiteId, seen!.Value);
            await CheckNowAsync(Now);
        }
    }

    /// <summary>
    /// Whether the website's latest slot was missed: no check of it due then reached this silo (<paramref name="seen"/>
    /// is the latest that did), so its previous activation's silo died or froze before sending it (or the website was
    /// paused), and that check is at least half an interval old, so a check now sends no validator the website twice
    /// within half an interval. A new website (no stored state) gets its first check from <see cref="RefreshAsync"/>.
    /// </summary>
    private bool MissedItsLatestSlot(DateTime? seen)
    {
        if (!state.RecordExists || _definition is not { Enabled: true } definition || seen is not { } latest)
        {
            return false;
        }

        var now = Now;
        return DispatchSchedule.LatestSlotAtOrBefore(WebsiteId, definition.IntervalSeconds, now) > latest
            && now - latest >= TimeSpan.FromSeconds(definition.IntervalSeconds) / 2;
    }

    public Task KeepAliveAsync()
    {
        ExistsOrLeave();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_watchingMaintenance)
        {
            maintenance.Unwatch(WebsiteId);
        }

        if (_dirty && _definition is not null)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception e)
            {
                LogStateWriteFailed(logger, e, WebsiteId);
            }
        }
    }

    public async Task<bool> RefreshAsync()
    {
        var wasPaused = _definition is { Enabled: false };
        var wasPush = IsPush;
        _definition = (await catalog.FindAsync(WebsiteId, CancellationToken.None))?.Definition;

        // A new or resumed website gets a check now rather than at its next slot; the timer restarts on the slots,
        // skipping any within half an interval of this check.
        if (IsPush && (wasPaused || !wasPush))
        {
            PushMonitorResumed();
        }

        var checkNow = _definition is { Enabled: true, IsPush: false } && (wasPaused || (state.State.TicksReceived == 0 && !_dispatched));
        if (checkNow)
        {
            StopDispatch();
        }

        await ScheduleAsync(lastCheckAt: checkNow ? Now : null);
        if (checkNow)
        {
            // Slots before this check were never sent: a tick without a checkToken may not claim to answer one.
            _sentSince = Now;
            await CheckNowAsync(_sentSince);
        }

        return ExistsOrLeave();
    }

    public async Task<TickOutcome> RecordTickAsync(TickReport tick)
    {
        if (!ExistsOrLeave())
        {
            return TickOutcome.UnknownWebsite;
        }

        var current = state.State;
        var admitted = TickAdmission.Admit(_definition!, tick, Now, _sentSince, _offSlot, _slotTargets);
        if (admitted.Verdict != TickVerdict.Recorded)
        {
            return admitted with { Status = _status };
        }

        var confirmation = _offSlot is { Confirmation: true } offSlot && admitted.DueAt == offSlot.DueAt;

        // A validator's entry follows the due times of the checks it answered (set by the hub), not its clock. A slot check
        // sent by a timer that fired early is due after a confirmation asked for by a quick answer to it, so a confirmation
        // answered after its validator's slot answer is late, and is still stored as a confirmation.
        if (current.LastTicks.TryGetValue(tick.ValidatorId, out var previous) && admitted.DueAt <= previous.DueAt)
        {
            // Without a checkToken the same check answered twice is no re-send: only a tickId'd tick is sent again.
            return tick.DueAt is null && admitted.DueAt == previous.DueAt
                ? admitted with
                {
                    Verdict = TickVerdict.Unexpected,
                    Status = _status,
                    Error = $"the check of website {WebsiteId} due at {admitted.DueAt:O} was already answered by this validator; tick not stored",
                }
                : admitted with { Verdict = TickVerdict.Late, Status = _status, Confirmation = confirmation };
        }

        current.LastTicks[tick.ValidatorId] = new ValidatorLastTick(
            tick.ValidatorId, tick.Good, tick.LatencyMs, tick.Timestamp, tick.Error, Now, admitted.DueAt,
            RegionNames.Share(tick.Region), tick.Refused, confirmation, tick.Good ? null : tick.Signature);
        current.TicksReceived++;
        if (tick.Good)
        {
            current.GoodTicks++;
        }

        // Room is made before adding, so the queue's array never grows past the capacity.
        while (current.Recent.Count >= WebsiteState.RecentCapacity)
        {
            current.Recent.Dequeue();
        }

        current.Recent.Enqueue(new RecentTick(tick.Good, tick.LatencyMs, tick.Timestamp));

        _dirty = true;
        if (confirmation)
        {
            await AddConfirmationToIncidentAsync(current.LastTicks[tick.ValidatorId]);
        }
        else if (!tick.Good)
        {
            ConfirmFailure(tick);
        }

        await EvaluateStatusAsync();
        return admitted with { Status = _status, Confirmation = confirmation };
    }

    public Task MaintenanceChangedAsync() =>
        ExistsOrLeave() && _definition is { Enabled: true } ? EvaluateStatusAsync() : Task.CompletedTask;

    public Task<WebsiteSnapshot?> GetSnapshotAsync()
    {
        if (!ExistsOrLeave())
        {
            return Task.FromResult<WebsiteSnapshot?>(null);
        }

        var current = state.State;
        var definition = _definition!;
        var verdict = Explain();
        ValidatorLastTick? latest = current.LastTicks.Count == 0 ? null : current.LastTicks.Values.MaxBy(t => t.ReceivedAt);
        return Task.FromResult<WebsiteSnapshot?>(new WebsiteSnapshot(
            _status,
            _statusChangedAt,
            IsPush ? _lastPush?.PingMs : latest?.LatencyMs,
            IsPush ? _lastPush?.At : latest?.Timestamp,
            current.TicksReceived,
            current.GoodTicks,
            [.. current.LastTicks.Values.OrderBy(t => t.ValidatorId)],
            [.. current.Recent],
            definition.Url,
            definition.IntervalSeconds,
            definition.Enabled,
            definition.Verdict,
            StatusReason(verdict),
            IsPush ? [] : verdict.Regions,
            _incident?.Id));
    }

    /// <summary>
    /// Starts dispatch on the website's slots (restarting it when the interval changed), or stops it. The first slot is
    /// skipped when it is less than half an interval after <paramref name="lastCheckAt"/>: a check sent off the slots, by
    /// this activation or (seen by this silo) by an earlier one.
    /// </summary>
    private async Task ScheduleAsync(DateTime? lastCheckAt = null)
    {
        if (_definition is not { Enabled: true } definition)
        {
            StopDispatch();
            if (_definition is null)
            {
                if (state.RecordExists)
                {
                    await state.ClearStateAsync();
                }

                _dirty = false;
            }

            return;
        }

        if (definition.IsPush)
        {
            StopDispatch();
            WatchPushDeadline();
            return;
        }

        if (_dispatchTimer is null || _scheduledInterval != definition.IntervalSeconds)
        {
            StopDispatch();
            var period = TimeSpan.FromSeconds(definition.IntervalSeconds);
            var now = time.GetUtcNow();
            var due = DispatchSchedule.UntilNext(WebsiteId, definition.IntervalSeconds, now);
            if (lastCheckAt is { } last && now.UtcDateTime + due - last < period / 2)
            {
                due += period;
            }

            _dispatchTimer = this.RegisterGrainTimer(
                DispatchAsync,
                new GrainTimerCreationOptions(due, period) { KeepAlive = true });
            _scheduledInterval = definition.IntervalSeconds;
        }
    }

    /// <summary>Sends a check off the website's slots, due <paramref name="dueAt"/>, which a tick without a checkToken may answer.</summary>
    private Task CheckNowAsync(DateTime dueAt)
    {
        _offSlot = new OffSlotCheck(dueAt);
        return DispatchAsync(dueAt);
    }

    private Task DispatchAsync() => DispatchAsync(DispatchSchedule.NearestSlot(WebsiteId, _scheduledInterval, time.GetUtcNow()));

    private Task DispatchAsync(DateTime dueAt)
    {
        if (!dispatcher.SiloIsActive)
        {
            return Task.CompletedTask;
        }

        if (_definition is { Enabled: true } definition && definition.Spec.RunsOnValidators)
        {
            var targets = ValidatorAssignment.TargetsOf(definition, roster.Online);
            _slotTargets = targets;
            if (_offSlot is { Confirmation: false } offSlot && offSlot.DueAt == dueAt)
            {
                _offSlot = offSlot with { Targets = targets };
            }

            dispatcher.Enqueue(new CheckItem(definition.Id, definition.Url, definition.IntervalSeconds, dueAt, targets, Monitor: definition.Monitor));
            _dispatched = true;
        }

        return EvaluateStatusAsync(onDispatch: true);
    }

    /// <summary>
    /// Derives the status (Maintenance while a window of this silo's <see cref="IMaintenanceCalendar"/> covers the website,
    /// else from the ticks) and saves a change. The first evaluation asks the calendar to report window boundaries here.
    /// A change whose saving failed is tried again with the next change or, on
    /// the dispatch timer (<paramref name="onDispatch"/>), once an interval rather than per tick. On the dispatch timer a
    /// tick stays fresh for <see cref="WebsiteGrainOptions.AnswerAllowance"/> more, the time the check just sent may take.
    /// A change found by a tick while other validators have yet to answer the round waits for them (see
    /// <see cref="HoldsForTheRound"/>), so one round makes one transition.
    /// </summary>
    private async Task EvaluateStatusAsync(bool onDispatch = false, bool settled = false)
    {
        if (!_watchingMaintenance)
        {
            maintenance.Watch(WebsiteId);
            _watchingMaintenance = true;
        }

        var freshness = Freshness;
        var status = maintenance.IsInMaintenance(WebsiteId, Now)
            ? WebsiteHealth.Maintenance
            : IsPush ? JudgePushes() : Judge(onDispatch ? freshness + _options.AnswerAllowance : freshness);

        // After a restart or a failover the stored ticks may be stale while fresh ones are on their way: the stored
        // status stands until the validators had one freshness window to report, instead of blinking through Unknown.
        // A stored Maintenance whose window is over does not stand: it is no verdict on the website.
        if (status == WebsiteHealth.Unknown && _status != WebsiteHealth.Maintenance && Now - _activatedAt < freshness)
        {
            status = _status;
        }

        if (status != _status && !onDispatch && !settled && !IsPush && HoldsForTheRound(status, freshness))
        {
            status = _status;
        }

        var changed = status != _status;
        if (changed)
        {
            LogStatusChanged(logger, WebsiteId, _definition?.Url, _status, status);

            // An unsaved change keeps its starting status, so the log gets one transition (none if it went back).
            var from = _unsavedChange?.From ?? _status;
            _unsavedChange = from == status ? null : new StatusChange(from, status, Now);
            _status = status;
            _statusChangedAt = Now;
        }

        if (_unsavedChange is { } change && (changed || onDispatch))
        {
            await SaveStatusChangeAsync(change);
        }

        await TrackIncidentAsync(status, changed, onDispatch);
    }

    /// <summary>
    /// Records the transition in the status store (the websites row and the change log, the one place the status is
    /// kept), then saves the aggregate. A failed record stays pending and the next evaluation tries again; a failed
    /// aggregate write is retried at deactivation.
    /// </summary>
    private async Task SaveStatusChangeAsync(StatusChange change)
    {
        try
        {
            await statusChanges.RecordAsync(WebsiteId, change.At, change.From, change.To, CancellationToken.None);
            _unsavedChange = null;
        }
        catch (Exception e)
        {
            LogStatusSaveFailed(logger, e, WebsiteId);
            return;
        }

        try
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
        catch (Exception e)
        {
            LogStateWriteFailed(logger, e, WebsiteId);
        }
    }

    private sealed record StatusChange(WebsiteHealth From, WebsiteHealth To, DateTime At);

    /// <summary>
    /// Whether the website exists; if not, this activation goes away once the current call is answered
    /// (deactivating during activation instead would make Orleans reject the call that caused it).
    /// </summary>
    private bool ExistsOrLeave()
    {
        if (_definition is null)
        {
            DeactivateOnIdle();
        }

        return _definition is not null;
    }

    /// <summary>Stops the website's timer: the dispatch of its checks, or a push monitor's deadline watch.</summary>
    private void StopDispatch()
    {
        _dispatchTimer?.Dispose();
        _dispatchTimer = null;
        _pushTimer?.Dispose();
        _pushTimer = null;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
