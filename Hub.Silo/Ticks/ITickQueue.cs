namespace Uptime.Hub.Ticks;

/// <summary>Where a received tick waits to be stored (<see cref="TickWriter"/>).</summary>
public interface ITickQueue
{
    /// <summary>False when the queue is full and <paramref name="row"/> was not taken.</summary>
    bool TryEnqueue(TickRow row);
}
