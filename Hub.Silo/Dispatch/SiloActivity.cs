namespace Uptime.Hub.Dispatch;

/// <summary>
/// Whether this silo may dispatch checks and save website state: it must be Active in the cluster membership. A silo
/// that was paused (a long GC, a VM stall, SIGSTOP) may have been declared dead meanwhile while its own view still says
/// Active, and its grains now have copies elsewhere; so after a pause it is not active until a fresh read of the
/// membership table confirms it (a silo that learns it is dead stops itself).
/// </summary>
public sealed partial class SiloActivity(
    IClusterMembershipService membership, ILocalSiloDetails localSilo, TimeProvider time, ILogger<SiloActivity> logger)
{
    /// <summary>A gap between two dispatcher rounds (every 20 ms) longer than this is a pause.</summary>
    public static readonly TimeSpan PauseThreshold = TimeSpan.FromSeconds(1);

    /// <summary>How long one confirmation may take, and the wait before the next attempt after a failed one.</summary>
    public static readonly TimeSpan ConfirmationTimeout = TimeSpan.FromSeconds(5);

    private long _roundEnded = time.GetTimestamp();
    private long _nextAttempt;
    private volatile bool _unconfirmedPause;

    public bool IsActive => !_unconfirmedPause && membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress) == SiloStatus.Active;

    /// <summary>
    /// Called by the dispatcher at the start of every round: a wait since the end of the last round longer than
    /// <see cref="PauseThreshold"/> was a pause, and dispatch is held until the membership table has been read.
    /// </summary>
    public async Task ConfirmAfterPauseAsync(CancellationToken cancellationToken)
    {
        var waited = time.GetElapsedTime(_roundEnded);
        if (waited > PauseThreshold && !_unconfirmedPause)
        {
            _unconfirmedPause = true;
            _nextAttempt = 0;
            LogPaused(logger, waited.TotalSeconds);
        }

        if (!_unconfirmedPause || time.GetTimestamp() < _nextAttempt)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConfirmationTimeout);
            await membership.Refresh(default, timeout.Token);
            _unconfirmedPause = false;
            var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
            if (status == SiloStatus.Active)
            {
                LogStillActive(logger);
            }
            else
            {
                LogNotActive(logger, status);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _nextAttempt = time.GetTimestamp() + (long)(ConfirmationTimeout.TotalSeconds * time.TimestampFrequency);
            LogUnconfirmed(logger, e.Message);
        }
    }

    /// <summary>Called by the dispatcher when a round's work is done: time spent sending is not a pause.</summary>
    public void RoundEnded() => _roundEnded = time.GetTimestamp();

    [LoggerMessage(3210, LogLevel.Information, "⏸️ This silo was paused for {Seconds:0.0} s; holding checks until the cluster membership confirms it is still active")]
    private static partial void LogPaused(ILogger logger, double seconds);

    [LoggerMessage(3211, LogLevel.Information, "▶️ Cluster membership read after the pause: this silo is still active")]
    private static partial void LogStillActive(ILogger logger);

    [LoggerMessage(3213, LogLevel.Warning, "Cluster membership read after the pause: this silo is {Status}; it sends no checks")]
    private static partial void LogNotActive(ILogger logger, SiloStatus status);

    [LoggerMessage(3212, LogLevel.Warning, "Reading the cluster membership after a pause failed ({Reason}); checks stay held")]
    private static partial void LogUnconfirmed(ILogger logger, string reason);
}
