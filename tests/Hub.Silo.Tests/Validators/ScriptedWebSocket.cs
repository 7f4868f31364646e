using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;

namespace Uptime.Hub.Tests.Validators;

/// <summary>A WebSocket that receives the frames it was given, in pieces of at most <see cref="PieceBytes"/>, and keeps what is sent.</summary>
internal sealed class ScriptedWebSocket(params (WebSocketMessageType Type, byte[] Bytes)[] incoming) : WebSocket
{
    public const int PieceBytes = 100;

    private readonly Queue<(WebSocketMessageType Type, byte[] Bytes)> _incoming = new(incoming);
    private readonly ConcurrentQueue<string> _sent = new();
    private int _offset;
    private WebSocketState _state = WebSocketState.Open;

    public IReadOnlyList<string> Sent => [.. _sent];

    public (WebSocketCloseStatus Status, string? Reason)? ClosedWith { get; private set; }

    public override WebSocketCloseStatus? CloseStatus => ClosedWith?.Status;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    public override void Abort() => _state = WebSocketState.Aborted;

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        ClosedWith = (closeStatus, statusDescription);
        _state = WebSocketState.CloseSent;
        return Task.CompletedTask;
    }

    public override void Dispose() => _state = WebSocketState.Closed;

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var (type, bytes) = _incoming.Peek();
        var count = Math.Min(Math.Min(buffer.Count, PieceBytes), bytes.Length - _offset);
        bytes.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        var end = _offset == bytes.Length;
        if (end)
        {
            _incoming.Dequeue();
            _offset = 0;
        }

        return Task.FromResult(new WebSocketReceiveResult(count, type, end));
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        _sent.Enqueue(Encoding.UTF8.GetString(buffer));
        return Task.CompletedTask;
    }
}
