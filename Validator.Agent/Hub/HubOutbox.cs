using Uptime.Protocol;

namespace Uptime.Agent.Hub;

/// <summary>
/// Where heartbeats go: the current registered session, if there is one. (Tick results go through the
/// <see cref="Ticks.TickBuffer"/>, which keeps them while no session is registered.)
/// </summary>
internal sealed class HubOutbox
{
    private HubSession? _session;

    /// <summary>Routes messages to <paramref name="session"/> once the hub has confirmed its registration.</summary>
    public void Attach(HubSession session) => Volatile.Write(ref _session, session);

    public void Detach(HubSession session) => Interlocked.CompareExchange(ref _session, null, session);

    /// <summary>Queues a message for sending; false when no registered session is open or its queue is full.</summary>
    public bool TrySend(ValidatorMessage message) => Volatile.Read(ref _session)?.TrySend(message) ?? false;
}
