using Uptime.Protocol.Checks;

namespace Uptime.Agent.Checks;

/// <summary>
/// The clock of one TCP or DNS check: its timeout (the definition's seconds, within the limits an HTTP check has), a token
/// cancelled when it ends or when the agent stops (<see cref="Expired"/> tells them apart), and the milliseconds since the start.
/// </summary>
internal sealed class CheckTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenRegistration _stoppingRegistration;
    private readonly long _started;

    public CheckTimer(int timeoutSeconds, TimeProvider time, CancellationToken stopping)
    {
        _time = time;
        _stopping = stopping;
        Limit = TimeSpan.FromSeconds(Math.Clamp(timeoutSeconds, HttpCheckDefinition.MinTimeoutSeconds, HttpCheckDefinition.MaxTimeoutSeconds));
        _timeout = new CancellationTokenSource(Limit, time);
        _stoppingRegistration = stopping.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _timeout);
        _started = time.GetTimestamp();
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token => _timeout.Token;

    /// <summary>The timeout ended the check (not the agent stopping).</summary>
    public bool Expired => _timeout.IsCancellationRequested && !_stopping.IsCancellationRequested;

    public long Timestamp => _time.GetTimestamp();

    public double ElapsedMs => _time.GetElapsedTime(_started).TotalMilliseconds;

    public DateTime Now => _time.GetUtcNow().UtcDateTime;

    public double MsSince(long timestamp) => _time.GetElapsedTime(timestamp).TotalMilliseconds;

    public string TimeoutError => $"Timeout after {Limit.TotalMilliseconds:0} ms";

    public void Dispose()
    {
        _stoppingRegistration.Dispose();
        _timeout.Dispose();
    }
}
