namespace Uptime.Agent.Hub;

/// <summary>
/// The hub's timestamp of the latest CHECK_WEBSITE this agent received, on any connection. Sent as REGISTER's
/// <c>lastCheckAt</c> (our extension) when the agent registers again, so that after a lost connection the hub sends at
/// once the checks it missed meanwhile that are still timely, instead of leaving them to their next slots.
/// </summary>
internal sealed class LastCheckFrame
{
    private long _ticks;

    public DateTime? At => Interlocked.Read(ref _ticks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public void Received(DateTime timestamp)
    {
        var ticks = timestamp.ToUniversalTime().Ticks;
        var known = Interlocked.Read(ref _ticks);
        while (ticks > known)
        {
            var seen = Interlocked.CompareExchange(ref _ticks, ticks, known);
            if (seen == known)
            {
                return;
            }

            known = seen;
        }
    }
}
