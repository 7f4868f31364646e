using System.Net.WebSockets;
using Uptime.Hub.Ticks;
using Uptime.Protocol;

namespace Uptime.Hub.Validators;

/// <summary>Where a connection's protocol side hands what its validator is to receive; the socket pump writes it in order.</summary>
internal interface IValidatorOutbox : ITickAcknowledger
{
    void Send(HubMessage message);

    /// <summary>Starts the close handshake once everything queued before it is written; nothing queued after it is.</summary>
    void Close(WebSocketCloseStatus status, string reason);
}
