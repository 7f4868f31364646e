using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;
using Xunit.Sdk;
using ErrorMessage = Uptime.Protocol.ErrorMessage;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>
/// A validator in a region, speaking the real protocol over a real WebSocket to a real hub: answers the CHALLENGE with a
/// REGISTER signed by its own key (as our agent does), heartbeats, and answers every CHECK_WEBSITE entry through its
/// <see cref="CheckBehaviour"/> with the entry's checkToken and the token's tick id (signed when the hub asks for signed
/// ticks). Records what it received and sent. Every wait is bounded; disposing stops it.
/// </summary>
internal sealed class SimulatedValidator : IAsyncDisposable
{
    private static readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan _heartbeatInterval = TimeSpan.FromSeconds(10);

    private readonly ValidatorKey _key = ValidatorKey.Generate();
    private readonly ClientWebSocket _socket = new();
    private readonly HubProcess _hub;
    private readonly CheckBehaviour _behaviour;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<ChallengeMessage> _challenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RegisteredMessage> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<ErrorMessage> _errors = Channel.CreateUnbounded<ErrorMessage>();
    private readonly Lock _lock = new();
    private readonly List<ReceivedCheck> _checks = [];
    private readonly List<SentTick> _sent = [];
    private readonly List<ErrorMessage> _errorLog = [];
    private readonly HashSet<Guid> _acknowledged = [];
    private readonly List<Task> _answers = [];
    private Task _receiving = Task.CompletedTask;
    private Task _heartbeating = Task.CompletedTask;
    private bool _signTicks;

    private SimulatedValidator(HubProcess hub, string region, CheckBehaviour behaviour)
    {
        _hub = hub;
        Region = region;
        _behaviour = behaviour;
    }

    public string Region { get; }

    public Guid Id { get; private set; }

    /// <summary>Every CHECK_WEBSITE entry received so far.</summary>
    public IReadOnlyList<ReceivedCheck> Checks
    {
        get
        {
            lock (_lock)
            {
                return [.. _checks];
            }
        }
    }

    /// <summary>Every TICK_RESULT sent in answer to a check so far.</summary>
    public IReadOnlyList<SentTick> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Every ERROR the hub sent so far.</summary>
    public IReadOnlyList<ErrorMessage> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errorLog];
            }
        }
    }

    /// <summary>
    /// Connects to <paramref name="hub"/> as a validator of <paramref name="region"/> (its location) and waits for REGISTERED;
    /// <paramref name="lastCheckAt"/> asks for the checks missed since then (our extension).
    /// </summary>
    public static async Task<SimulatedValidator> ConnectAsync(HubProcess hub, string region, CheckBehaviour behaviour, DateTime? lastCheckAt = null)
    {
        var validator = new SimulatedValidator(hub, region, behaviour);
        try
        {
            await validator.StartAsync(lastCheckAt);
            return validator;
        }
        catch
        {
            await validator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the hub acknowledged (stored) the tick <paramref name="tickId"/>.</summary>
    public bool WasAcknowledged(Guid tickId)
    {
        lock (_lock)
        {
            return _acknowledged.Contains(tickId);
        }
    }

    /// <summary>Sends any message, e.g. a tick the hub never asked for.</summary>
    public Task SendAsync(ValidatorMessage message) => SendFrameAsync(MessageWriter.ToUtf8(message));

    /// <summary>The next ERROR the hub sends; none within <paramref name="timeout"/> fails the test.</summary>
    public async Task<ErrorMessage> NextErrorAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(timeout);
        try
        {
            return await _errors.Reader.ReadAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new XunitException($"validator {Id} ({Region}) got no ERROR within {timeout.TotalSeconds:0} s{_hub.Diagnostics}");
        }
    }

    /// <summary>Waits until this validator has received a check of <paramref name="websiteId"/>; the first one.</summary>
    public async Task<ReceivedCheck> FirstCheckOfAsync(Guid websiteId, TimeSpan timeout)
    {
        var check = await Eventually.UntilAsync(
            () => Task.FromResult(Checks.FirstOrDefault(c => c.WebsiteId == websiteId)),
            found => found is not null,
            timeout,
            _ => $"validator {Id} ({Region}) received no check of {websiteId}{_hub.Diagnostics}");
        return check!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "scenario over", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing is best effort; the abort below ends the socket anyway.
            }
        }

        _socket.Abort();
        Task[] answers;
        lock (_lock)
        {
            answers = [.. _answers];
        }

        await Task.WhenAll([_receiving, _heartbeating, .. answers]);
        _socket.Dispose();
        _sendLock.Dispose();
        _stop.Dispose();
    }

    private async Task StartAsync(DateTime? lastCheckAt)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_connectTimeout);
        try
        {
            await _socket.ConnectAsync(_hub.WebSocketAddress, timeout.Token);
            _receiving = ReceiveLoopAsync();
            var challenge = await _challenge.Task.WaitAsync(timeout.Token);
            _signTicks = challenge.RequireSignedTicks;
            var signature = _key.SignPersonalMessage(SignedTexts.Registration(_key.Address, Region, challenge.Nonce));
            await SendAsync(new RegisterMessage(_key.Address, Region, signature, lastCheckAt));
            Id = (await _registered.Task.WaitAsync(timeout.Token)).ValidatorId;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            throw new XunitException($"a validator of {Region} did not register within {_connectTimeout.TotalSeconds:0} s: {e.Message}{_hub.Diagnostics}");
        }

        _heartbeating = HeartbeatLoopAsync();
    }

    private async Task HeartbeatLoopAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(_heartbeatInterval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SendAsync(new HeartbeatMessage(DateTime.UtcNow));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopped, or the socket is gone.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(4096), _stop.Token);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                Handle(buffer.WrittenMemory, DateTime.UtcNow);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopped, or the hub dropped the connection.
        }
        finally
        {
            _challenge.TrySetException(new WebSocketException("the socket closed before CHALLENGE"));
            _registered.TrySetException(new WebSocketException("the socket closed before REGISTERED"));
            _errors.Writer.TryComplete();
        }
    }

    private void Handle(ReadOnlyMemory<byte> frame, DateTime receivedAt)
    {
        switch (HubMessageParser.Parse(frame).Message)
        {
            case ChallengeMessage challenge:
                _challenge.TrySetResult(challenge);
                break;
            case RegisteredMessage registered:
                _registered.TrySetResult(registered);
                break;
            case CheckWebsiteMessage:
                using (var document = JsonDocument.Parse(frame))
                {
                    foreach (var entry in document.RootElement.GetProperty("payload").GetProperty("websites").EnumerateArray())
                    {
                        var check = ReceivedCheck.Read(entry, receivedAt);
                        var answer = Task.Run(() => AnswerAsync(check));
                        lock (_lock)
                        {
                            _checks.Add(check);
                            _answers.Add(answer);
                        }
                    }
                }

                break;
            case TickAckMessage acks:
                lock (_lock)
                {
                    _acknowledged.UnionWith(acks.TickIds);
                }

                break;
            case ErrorMessage error:
                lock (_lock)
                {
                    _errorLog.Add(error);
                }

                _errors.Writer.TryWrite(error);
                break;
        }
    }

    private async Task AnswerAsync(ReceivedCheck check)
    {
        try
        {
            if (await _behaviour(check, _stop.Token) is not { } answer)
            {
                return;
            }

            var tickId = CheckToken.TryParse(check.CheckToken, out var token) ? token.TickId : Guid.NewGuid();
            var checkedAt = DateTime.UtcNow;
            var statusText = answer.Status == TickStatus.Good ? "Good" : "Bad";
            var signature = _signTicks
                ? _key.SignPersonalMessage(SignedTexts.Tick(check.WebsiteId, statusText, answer.LatencyMs, checkedAt, answer.Error, tickId))
                : null;
            var tick = new TickResultMessage(check.WebsiteId, answer.Status, answer.LatencyMs, checkedAt, answer.Error, tickId, signature, check.CheckToken);
            await SendAsync(tick);
            lock (_lock)
            {
                _sent.Add(new SentTick(check, tick, DateTime.UtcNow));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopped while checking or sending.
        }
    }

    private async Task SendFrameAsync(byte[] frame)
    {
        await _sendLock.WaitAsync(_stop.Token);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
