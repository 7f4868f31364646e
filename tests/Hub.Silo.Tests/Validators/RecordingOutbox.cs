using System.Collections.Concurrent;
using System.Net.WebSockets;
using Uptime.Hub.Validators;
using Uptime.Protocol;

namespace Uptime.Hub.Tests.Validators;

/// <summary>An outbox that keeps what a connection would have written or closed with to its validator.</summary>
internal sealed class RecordingOutbox : IValidatorOutbox
{
    private readonly ConcurrentQueue<HubMessage> _sent = new();
    private readonly ConcurrentQueue<(WebSocketCloseStatus Status, string Reason)> _closes = new();
    private readonly ConcurrentQueue<Guid> _acknowledged = new();

    public IReadOnlyList<HubMessage> Sent => [.. _sent];

    public IReadOnlyList<(WebSocketCloseStatus Status, string Reason)> Closes => [.. _closes];

    public void Send(HubMessage message) => _sent.Enqueue(message);

    public void Close(WebSocketCloseStatus status, string reason) => _closes.Enqueue((status, reason));

    /// <summary>Tick ids acknowledged to the connection (website ticks only by the tick writer, once stored; canary ticks at once).</summary>
    public IReadOnlyList<Guid> Acknowledged => [.. _acknowledged];

    public void Acknowledge(IReadOnlyList<Guid> tickIds)
    {
        foreach (var tickId in tickIds)
        {
            _acknowledged.Enqueue(tickId);
        }
    }
}
