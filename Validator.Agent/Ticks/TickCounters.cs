namespace Uptime.Agent.Ticks;

/// <summary>
/// The agent's tick counters since start. Always <c>Produced = Acknowledged + Refused + Pending + Dropped</c>: every
/// produced tick is either acknowledged by the hub (durably stored), refused by it for good (an ERROR naming the
/// tick), still pending (kept for sending or re-sending), or dropped from the full buffer. <c>Sent</c> counts every TICK_RESULT queued on a socket, re-sends included;
/// <c>Resent</c> counts those of a tick that had been sent before.
/// </summary>
internal readonly record struct TickCounters(long Produced, long Sent, long Acknowledged, long Resent, long Dropped, int Pending, long Refused = 0);
