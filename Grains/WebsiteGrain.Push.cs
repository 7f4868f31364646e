namespace Uptime.Grains;

/// <summary>
/// The push side of a website: a push monitor is judged by the hub alone, from the pushes of its job. An up push makes it
/// Up, a down push Down (its message the reason), and no push within its interval plus grace since the last one (or since
/// the grain began watching: created, resumed, or activated without any stored push) makes it Down. A timer watches that
/// deadline; the last push is read back from the stored pushes on activation (<see cref="StoredWebsite.LastPush"/>), so
/// the deadline survives a restart or a failover. Status changes and incidents take the same path as any website's.
/// </summary>
public sealed partial class WebsiteGrain
{
    private PushReport? _lastPush;
    private DateTime _pushWatchedSince;

    private bool IsPush => _definition is { IsPush: true };

    public async Task<WebsiteHealth?> RecordPushAsync(PushReport push)
    {
        if (!ExistsOrLeave() || !IsPush)
        {
            return null;
        }

        _lastPush = push;
        var current = state.State;
        current.TicksReceived++;
        if (push.Up)
        {
            current.GoodTicks++;
        }

        while (current.Recent.Count >= WebsiteState.RecentCapacity)
        {
            current.Recent.Dequeue();
        }

        current.Recent.Enqueue(new RecentTick(push.Up, push.PingMs ?? 0, push.At));
        _dirty = true;
        if (_definition is { Enabled: true })
        {
            await EvaluateStatusAsync();
        }

        return _status;
    }

    private void StartWatchingPushes(StoredWebsite? stored)
    {
        _lastPush = stored?.LastPush;
        _pushWatchedSince = _lastPush is null ? Now : DateTime.MinValue;
    }

    /// <summary>A resumed push monitor, or a website that just became one, gets a full interval plus grace for its next push.</summary>
    private void PushMonitorResumed() => _pushWatchedSince = Now;

    private TimeSpan PushAllowance => TimeSpan.FromSeconds(_definition!.IntervalSeconds + _definition.PushGraceSeconds);

    private DateTime PushSilentSince => _lastPush is { } last && last.At > _pushWatchedSince ? last.At : _pushWatchedSince;

    private DateTime PushDeadline => PushSilentSince + PushAllowance;

    /// <summary>
    /// Fires at the deadline, then once an interval while it stays missed (retrying a status change or incident whose
    /// saving failed, as the dispatch timer does for other websites).
    /// </summary>
    private void WatchPushDeadline()
    {
        _pushTimer?.Dispose();
        var due = PushDeadline - Now;
        _pushTimer = this.RegisterGrainTimer(
            PushDeadlineAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, TimeSpan.FromSeconds(_definition!.IntervalSeconds)) { KeepAlive = true });
    }

    private async Task PushDeadlineAsync()
    {
        if (_definition is not { Enabled: true, IsPush: true })
        {
            return;
        }

        await EvaluateStatusAsync(onDispatch: true);

        // A push came since the timer was set: the deadline moved.
        if (PushDeadline > Now)
        {
            WatchPushDeadline();
        }
    }

    private WebsiteHealth JudgePushes()
    {
        if (Now >= PushDeadline)
        {
            return WebsiteHealth.Down;
        }

        return _lastPush switch
        {
            null => WebsiteHealth.Unknown,
            { Up: true } => WebsiteHealth.Up,
            _ => WebsiteHealth.Down,
        };
    }

    private string PushStatusReason()
    {
        var expected = $"expected every {_definition!.IntervalSeconds} s + {_definition.PushGraceSeconds} s grace";
        var now = Now;
        if (now >= PushDeadline)
        {
            return $"No push for {(now - PushSilentSince).TotalSeconds:0} s ({expected})";
        }

        return _lastPush switch
        {
            null => $"push monitor: waiting for the first push ({expected})",
            { Up: true } last => $"push monitor: last push {(now - last.At).TotalSeconds:0} s ago{(last.Message is null ? "" : $": {last.Message}")}",
            { } last => last.Message ?? "push monitor: the job pushed status down",
        };
    }
}
