using System.Collections.Immutable;
using System.Net.WebSockets;
using Uptime.Grains;
using Uptime.Protocol;

namespace Uptime.Hub.Validators;

/// <summary>What the send loop of a connection writes next.</summary>
internal abstract record Outbound
{
    public sealed record Message(HubMessage Value) : Outbound;

    /// <summary>
    /// Checks for the registered validator, merged with the checks queued behind them into one CHECK_WEBSITE frame.
    /// </summary>
    public sealed record Checks(ImmutableArray<CheckItem> Items, Guid ValidatorId) : Outbound;

    /// <summary>Acknowledgements are merged with the ones queued behind them into one TICK_ACK frame.</summary>
    public sealed record Acks(IReadOnlyList<Guid> TickIds) : Outbound;

    public sealed record Close(WebSocketCloseStatus Status, string Reason) : Outbound;
}
