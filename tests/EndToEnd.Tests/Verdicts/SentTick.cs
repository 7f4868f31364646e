using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>A TICK_RESULT a <see cref="SimulatedValidator"/> sent in answer to <see cref="Check"/>.</summary>
internal sealed record SentTick(ReceivedCheck Check, TickResultMessage Tick, DateTime SentAt)
{
    public bool Good => Tick.Status == TickStatus.Good;
}
