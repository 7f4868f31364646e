using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using Uptime.Grains;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Bench;

/// <summary>
/// Many lightweight validators in this process, each a WebSocket that answers the hub's CHALLENGE with a signed REGISTER and HEARTBEATs as the spec says.
/// A CHECK_WEBSITE is answered at once with a synthetic Good tick (with a tick id; no HTTP), so with websites the hub
/// does its whole work without the cost of real checks. Measures heartbeat acknowledgement latency and, from the
/// CHECK_WEBSITE timestamp, the dispatch lag (the website's slot → the frame sent).
/// </summary>
internal sealed class SimulatedValidators(string webSocketUrl, TimeSpan heartbeatInterval) : IAsyncDisposable
{
    private const int MaxSamples = 2_000_000;

    private readonly string _webSocketUrl = webSocketUrl;
    private readonly TimeSpan _heartbeatInterval = heartbeatInterval;
    private readonly List<Validator> _validators = [];
    private readonly Lock _lock = new();
    private readonly List<double> _heartbeatAckMs = [];
    private readonly List<double> _dispatchLagMs = [];
    private readonly CancellationTokenSource _stop = new();
    private long _heartbeatsSent;
    private long _errorsReceived;
    private long _checksReceived;
    private long _ticksSent;
    private long _ticksAcknowledged;
    private long _connectFailures;

    public int Count => _validators.Count;

    public int Registered => _validators.Count(v => v.IsRegistered);

    /// <summary>Registered and still open now (not closed or evicted by the hub).</summary>
    public int Connected => _validators.Count(v => v.IsRegistered && v.Socket.State == WebSocketState.Open);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    public long HeartbeatsSent => Interlocked.Read(ref _heartbeatsSent);

    public long ErrorsReceived => Interlocked.Read(ref _errorsReceived);

    public long ChecksReceived => Interlocked.Read(ref _checksReceived);

    public long TicksSent => Interlocked.Read(ref _ticksSent);

    public long TicksAcknowledged => Interlocked.Read(ref _ticksAcknowledged);

    public int HeartbeatAcks
    {
        get
        {
            lock (_lock)
            {
                return _heartbeatAckMs.Count;
            }
        }
    }

    /// <summary>Connects <paramref name="count"/> validators, at most 32 handshakes at a time, each waiting for REGISTERED.</summary>
    public async Task ConnectAsync(int count, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(32);
        var connects = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync(cancellationToken);
            var validator = new Validator(this, i);
            _validators.Add(validator);
            connects.Add(Task.Run(async () =>
            {
                try
                {
                    await validator.ConnectAsync(cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(connects);
    }

    /// <summary>Forgets the samples so far (the window starts).</summary>
    public void ResetSamples()
    {
        lock (_lock)
        {
            _heartbeatAckMs.Clear();
            _dispatchLagMs.Clear();
        }
    }

    public (Percentiles HeartbeatAck, Percentiles DispatchLag, int DispatchSamples) Samples()
    {
        lock (_lock)
        {
            return (Percentiles.Of(_heartbeatAckMs), Percentiles.Of(_dispatchLagMs), _dispatchLagMs.Count);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Task.WhenAll(_validators.Select(v => v.CloseAsync(timeout.Token)));
        foreach (var validator in _validators)
        {
            validator.Socket.Dispose();
        }

        _stop.Dispose();
    }

    private void Sample(List<double> samples, double value)
    {
        lock (_lock)
        {
            if (samples.Count < MaxSamples)
            {
                samples.Add(value);
            }
        }
    }

    private sealed class Validator(SimulatedValidators owner, int index)
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly Queue<long> _heartbeatsInFlight = new();
        private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<ChallengeMessage> _challenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ValidatorKey _key = ValidatorKey.Generate();
        private bool _signTicks;

        public ClientWebSocket Socket { get; } = new();

        public bool IsRegistered => _registered.Task.IsCompletedSuccessfully;

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                await Socket.ConnectAsync(new Uri(owner._webSocketUrl), timeout.Token);
                _ = Task.Run(ReceiveLoopAsync, CancellationToken.None);
                // Signed like the real agent: the hub's CHALLENGE nonce, by this validator's own key.
                var challenge = await _challenge.Task.WaitAsync(timeout.Token);
                _signTicks = challenge.RequireSignedTicks;
                var location = $"Simulated {index % 16}";
                var signature = _key.SignPersonalMessage(SignedTexts.Registration(_key.Address, location, challenge.Nonce));
                await SendAsync(new RegisterMessage(_key.Address, location, signature), timeout.Token);
                await _registered.Task.WaitAsync(timeout.Token);
                _ = Task.Run(HeartbeatLoopAsync, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
            {
                Interlocked.Increment(ref owner._connectFailures);
            }
        }

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (Socket.State == WebSocketState.Open)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "benchmark over", cancellationToken);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                Socket.Abort();
            }
        }

        private async Task HeartbeatLoopAsync()
        {
            var interval = owner._heartbeatInterval;
            try
            {
                // Spread the validators' heartbeats over the interval.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds), owner._stop.Token);
                using var timer = new PeriodicTimer(interval);
                do
                {
                    lock (_heartbeatsInFlight)
                    {
                        _heartbeatsInFlight.Enqueue(Stopwatch.GetTimestamp());
                    }

                    await SendAsync(new HeartbeatMessage(DateTime.UtcNow), owner._stop.Token);
                    Interlocked.Increment(ref owner._heartbeatsSent);
                }
                while (Socket.State == WebSocketState.Open && await timer.WaitForNextTickAsync(owner._stop.Token));
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        private async Task ReceiveLoopAsync()
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            try
            {
                while (Socket.State == WebSocketState.Open)
                {
                    buffer.ResetWrittenCount();
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await Socket.ReceiveAsync(buffer.GetMemory(4096), owner._stop.Token);
                        buffer.Advance(result.Count);
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    await HandleAsync(HubMessageParser.Parse(buffer.WrittenMemory).Message);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                _registered.TrySetException(new WebSocketException("closed before REGISTERED"));
                _challenge.TrySetException(new WebSocketException("closed before CHALLENGE"));
            }
        }

        private async Task HandleAsync(HubMessage? message)
        {
            switch (message)
            {
                case ChallengeMessage challenge:
                    _challenge.TrySetResult(challenge);
                    break;
                case RegisteredMessage:
                    _registered.TrySetResult();
                    break;
                case HeartbeatAckMessage:
                    long? sent = null;
                    lock (_heartbeatsInFlight)
                    {
                        if (_heartbeatsInFlight.Count > 0)
                        {
                            sent = _heartbeatsInFlight.Dequeue();
                        }
                    }

                    if (sent is { } at)
                    {
                        owner.Sample(owner._heartbeatAckMs, Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                    }

                    break;
                case CheckWebsiteMessage checks:
                    Interlocked.Add(ref owner._checksReceived, checks.Websites.Count);
                    foreach (var check in checks.Websites)
                    {
                        // The hub's checkToken carries the check's due time and the tick id to answer it under.
                        var token = CheckToken.TryParse(check.CheckToken, out var parsed)
                            ? parsed
                            : new CheckToken(DispatchSchedule.NearestSlot(check.WebsiteId, check.Interval, new DateTimeOffset(checks.Timestamp, TimeSpan.Zero)), Guid.CreateVersion7());
                        owner.Sample(owner._dispatchLagMs, (checks.Timestamp - token.DueAt).TotalMilliseconds);
                        var now = DateTime.UtcNow;
                        var signature = _signTicks
                            ? _key.SignPersonalMessage(SignedTexts.Tick(check.WebsiteId, "Good", 1, now, null, token.TickId))
                            : null;
                        await SendAsync(
                            new TickResultMessage(check.WebsiteId, TickStatus.Good, 1, now, null, token.TickId, signature, check.CheckToken), owner._stop.Token);
                        Interlocked.Increment(ref owner._ticksSent);
                    }

                    break;
                case TickAckMessage acks:
                    Interlocked.Add(ref owner._ticksAcknowledged, acks.TickIds.Count);
                    break;
                case ErrorMessage:
                    Interlocked.Increment(ref owner._errorsReceived);
                    break;
            }
        }

        private async Task SendAsync(ValidatorMessage message, CancellationToken cancellationToken)
        {
            var frame = MessageWriter.ToUtf8(message);
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await Socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }

}
