using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Uptime.Protocol;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>
/// The hub's side of one agent connection. A pump parses everything the agent sends (an invalid frame fails the
/// next receive); the test sends with the methods below, one at a time.
/// </summary>
internal sealed class FakeHubConnection
{
    private readonly WebSocket _socket;
    private readonly Channel<ValidatorMessage> _received = Channel.CreateUnbounded<ValidatorMessage>();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closedByAgent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeHubConnection(WebSocket socket, string authorization)
    {
        _socket = socket;
        Authorization = authorization;
        Completion = PumpAsync();
    }

    /// <summary>The Authorization header of the upgrade request; empty when there was none.</summary>
    public string Authorization { get; }

    /// <summary>The nonce of the CHALLENGE sent on this connection; null when none was sent.</summary>
    public string? Nonce { get; private set; }

    /// <summary>Completes when the socket is closed or broken.</summary>
    public Task Completion { get; }

    /// <summary>The close status the agent sent, once it closes the connection.</summary>
    public Task<WebSocketCloseStatus?> ClosedByAgent => _closedByAgent.Task;

    public async Task<ValidatorMessage> ReceiveAsync()
    {
        try
        {
            return await Waits.ForAsync(_received.Reader.ReadAsync().AsTask(), "a message from the agent");
        }
        catch (ChannelClosedException e) when (e.InnerException is null)
        {
            throw new InvalidOperationException("The connection closed before the agent sent another message");
        }
    }

    /// <summary>The next message of type <typeparamref name="T"/>, skipping others (e.g. heartbeats).</summary>
    public async Task<T> ReceiveAsync<T>()
        where T : ValidatorMessage
    {
        while (true)
        {
            if (await ReceiveAsync() is T message)
            {
                return message;
            }
        }
    }

    /// <summary>The next message of type <typeparamref name="T"/> within <paramref name="within"/>, skipping others; null if none came.</summary>
    public async Task<T?> TryReceiveAsync<T>(TimeSpan within)
        where T : ValidatorMessage
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                if (await _received.Reader.ReadAsync(timeout.Token) is T message)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The next <paramref name="count"/> TICK_RESULT messages, in the order they came.</summary>
    public async Task<List<TickResultMessage>> ReceiveTicksAsync(int count)
    {
        var ticks = new List<TickResultMessage>(count);
        while (ticks.Count < count)
        {
            ticks.Add(await ReceiveAsync<TickResultMessage>());
        }

        return ticks;
    }

    /// <summary>Expects REGISTER first and answers REGISTERED.</summary>
    public async Task<RegisterMessage> AcceptRegistrationAsync()
    {
        var first = await ReceiveAsync();
        var register = Assert.IsType<RegisterMessage>(first);
        await SendAsync(new RegisteredMessage(Guid.NewGuid(), "Successfully registered", 1));
        return register;
    }

    /// <summary>Sends a CHALLENGE with a fresh nonce, as the hub does first on every connection.</summary>
    public Task SendChallengeAsync(bool requireSignedTicks)
    {
        Nonce = Security.Nonce.Create();
        return SendAsync(new ChallengeMessage(Nonce, requireSignedTicks));
    }

    public Task SendAsync(HubMessage message) => SendBytesAsync(MessageWriter.ToUtf8(message));

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendFragmentedAsync(HubMessage message, int fragments)
    {
        var bytes = MessageWriter.ToUtf8(message);
        var size = (bytes.Length + fragments - 1) / fragments;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var end = Math.Min(offset + size, bytes.Length);
            await _socket.SendAsync(bytes.AsMemory(offset, end - offset), WebSocketMessageType.Text, end == bytes.Length, CancellationToken.None);
        }
    }

    public Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string description = "bye") =>
        _socket.CloseOutputAsync(status, description, CancellationToken.None);

    public void Abort() => _socket.Abort();

    private async Task SendBytesAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Waits.Timeout);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    private async Task PumpAsync()
    {
        var frame = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                frame.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(frame.GetMemory(4096), CancellationToken.None);
                    frame.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closedByAgent.TrySetResult(_socket.CloseStatus);
                    await CompleteCloseHandshakeAsync();
                    return;
                }

                var parsed = ValidatorMessageParser.Parse(frame.WrittenMemory);
                if (parsed.Error is { } error)
                {
                    _received.Writer.TryComplete(new InvalidDataException($"The agent sent an invalid frame: {error.Code} {error.Message}"));
                    return;
                }

                _received.Writer.TryWrite(parsed.Message!);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // The connection broke; readers see the channel complete.
        }
        finally
        {
            _received.Writer.TryComplete();
            _closedByAgent.TrySetResult(null);
        }
    }

    private async Task CompleteCloseHandshakeAsync()
    {
        if (_socket.State == WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }
}
