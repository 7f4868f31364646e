using System.Collections.Concurrent;
using Uptime.Hub.Gateway;
using Uptime.Protocol;

namespace Uptime.Hub.Tests.Gateway;

/// <summary>An outbox that keeps what a connection would have written to its validator.</summary>
internal sealed class RecordingOutbox : IValidatorOutbox
{
    private readonly ConcurrentQueue<HubMessage> _sent = new();

    public IReadOnlyList<HubMessage> Sent => [.. _sent];

    public void Send(HubMessage message) => _sent.Enqueue(message);

    /// <summary>Only the tick writer acknowledges, once the row is stored; a connection's protocol side never does.</summary>
    public void Acknowledge(IReadOnlyList<Guid> tickIds) => throw new InvalidOperationException("acknowledged before the tick was stored");
}
