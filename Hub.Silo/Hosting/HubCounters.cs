namespace Uptime.Hub.Hosting;

/// <summary>Running totals of this silo, for the periodic stats line.</summary>
public sealed class HubCounters
{
    private long _ticksReceived;
    private long _ticksStored;
    private long _checksSent;
    private long _checksDue;

    public long TicksReceived => Interlocked.Read(ref _ticksReceived);

    public long TicksStored => Interlocked.Read(ref _ticksStored);

    /// <summary>Check items written to validator sockets of this silo.</summary>
    public long ChecksSent => Interlocked.Read(ref _checksSent);

    /// <summary>Checks that website grains on this silo found due.</summary>
    public long ChecksDue => Interlocked.Read(ref _checksDue);

    public void TickReceived() => Interlocked.Increment(ref _ticksReceived);

    public void TicksWritten(int count) => Interlocked.Add(ref _ticksStored, count);

    public void ChecksWritten(int count) => Interlocked.Add(ref _checksSent, count);

    public void CheckDue() => Interlocked.Increment(ref _checksDue);
}
