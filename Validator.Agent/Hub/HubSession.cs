using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Uptime.Protocol;

namespace Uptime.Agent.Hub;

/// <summary>
/// One open WebSocket to the hub. A single send loop owns every write (a WebSocket allows one sender at a time);
/// a receive loop assembles fragmented messages up to <see cref="MaxMessageBytes"/>. The session ends on the first
/// drop, error, oversized message or stop, after a close handshake bounded by <see cref="CloseTimeout"/>.
/// Tick frames wait for room (<see cref="SendTickAsync"/>) and hold at most <see cref="TickWindow"/> places of the
/// send queue, so heartbeats still fit while thousands of buffered ticks are re-sent after a reconnect.
/// </summary>
internal sealed class HubSession(WebSocket socket)
{
    public const int MaxMessageBytes = 1024 * 1024;
    public const int SendQueueCapacity = 10_000;
    public const int TickWindow = 1_000;
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(3);

    private const int ReceiveChunkBytes = 16 * 1024;

    private readonly Channel<OutboundFrame> _outbound = Channel.CreateBounded<OutboundFrame>(
        new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly SemaphoreSlim _tickSlots = new(TickWindow, TickWindow);
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ChallengeMessage?> _challenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ErrorMessage? _refusal;
    private int _ending;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string? _closeDescription;

    /// <summary>Whether the session ended because the hub left a WebSocket ping unanswered past the keep-alive timeout.</summary>
    public bool HubWentSilent { get; private set; }

    /// <summary>Completes when the hub has answered REGISTERED on this connection.</summary>
    public Task Registered => _registered.Task;

    /// <summary>Queues a message for the send loop; false once the session has ended or when its queue is full.</summary>
    public bool TrySend(ValidatorMessage message) => _outbound.Writer.TryWrite(new OutboundFrame(MessageWriter.ToUtf8(message), IsTick: false));

    public void MarkRegistered() => _registered.TrySetResult();

    /// <summary>The hub's first CHALLENGE on this connection; null when the session ended before one came.</summary>
    public Task<ChallengeMessage?> Challenge => _challenge.Task;

    /// <summary>Whether the hub sent a CHALLENGE on this connection.</summary>
    public bool ChallengeReceived => _challenge.Task.IsCompletedSuccessfully && _challenge.Task.Result is not null;

    /// <summary>The ERROR with which the hub answered this connection's REGISTER; null when it did not refuse it.</summary>
    public ErrorMessage? Refusal => Volatile.Read(ref _refusal);

    /// <summary>Whether this connection's CHALLENGE asked for a signature on every TICK_RESULT.</summary>
    public bool RequireSignedTicks => _challenge.Task.IsCompletedSuccessfully && _challenge.Task.Result is { RequireSignedTicks: true };

    /// <summary>Records the hub's CHALLENGE; only the first one counts (its nonce is what REGISTER signs).</summary>
    public void ReceiveChallenge(ChallengeMessage challenge) => _challenge.TrySetResult(challenge);

    /// <summary>Records that the hub answered REGISTER with <paramref name="error"/> and ends the session (the hub closes it too).</summary>
    public void RefuseRegistration(ErrorMessage error)
    {
        Volatile.Write(ref _refusal, error);
        End($"Registration refused: {error.Code} - {error.Message}");
    }

    /// <summary>
    /// Queues an encoded TICK_RESULT, waiting while <see cref="TickWindow"/> tick frames are already queued;
    /// false once the session has ended.
    /// </summary>
    public async ValueTask<bool> SendTickAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _tickSlots.WaitAsync(cancellationToken);
        while (!_outbound.Writer.TryWrite(new OutboundFrame(frame, IsTick: true)))
        {
            if (!await _outbound.Writer.WaitToWriteAsync(cancellationToken))
            {
                _tickSlots.Release();
                return false;
            }
        }

        return true;
    }

    /// <summary>Pumps messages until the session ends; returns why it ended. <paramref name="onMessage"/> must not keep the memory.</summary>
    public async Task<string> RunAsync(Action<ReadOnlyMemory<byte>> onMessage, CancellationToken stoppingToken)
    {
        var sending = SendLoopAsync();
        var receiving = ReceiveLoopAsync(onMessage);
        string reason;
        using (stoppingToken.Register(() => End("Validator stopping", WebSocketCloseStatus.NormalClosure, "Validator stopping")))
        {
            reason = await _ended.Task;
        }

        try
        {
            await Task.WhenAll(sending, receiving).WaitAsync(CloseTimeout, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            socket.Abort();
            await Task.WhenAll(sending, receiving);
        }

        return reason;
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync())
            {
                await socket.SendAsync(frame.Bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                if (frame.IsTick)
                {
                    _tickSlots.Release();
                }
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(_closeStatus, _closeDescription, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            End(ExceptionMessages.Describe(e));
            socket.Abort();
        }
    }

    private async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>> onMessage)
    {
        var message = new ArrayBufferWriter<byte>(ReceiveChunkBytes);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(message.GetMemory(ReceiveChunkBytes)[..ReceiveChunkBytes], CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        End(DescribeClose());
                        return;
                    }

                    message.Advance(result.Count);
                    if (message.WrittenCount > MaxMessageBytes)
                    {
                        End($"Hub sent a message larger than {MaxMessageBytes} bytes", WebSocketCloseStatus.MessageTooBig, "Message too big");
                        return;
                    }
                }
                while (!result.EndOfMessage);

                onMessage(message.WrittenMemory);
            }
        }
        catch (Exception e)
        {
            HubWentSilent = WebSocketKeepAlive.TimedOut(socket, e);
            End(ExceptionMessages.Describe(e));
        }
    }

    /// <summary>The first call wins: it records why the session ended and how to close, and stops the send queue.</summary>
    private void End(string reason, WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure, string? closeDescription = null)
    {
        if (Interlocked.Exchange(ref _ending, 1) != 0)
        {
            return;
        }

        _closeStatus = closeStatus;
        _closeDescription = closeDescription;
        _outbound.Writer.TryComplete();
        _challenge.TrySetResult(null);
        _ended.TrySetResult(reason);
    }

    private string DescribeClose() =>
        string.IsNullOrEmpty(socket.CloseStatusDescription)
            ? $"Hub closed the connection ({socket.CloseStatus})"
            : $"Hub closed the connection ({socket.CloseStatus}: {socket.CloseStatusDescription})";

    private readonly record struct OutboundFrame(byte[] Bytes, bool IsTick);
}
