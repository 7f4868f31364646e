using System.Buffers;
using System.Collections.Immutable;
using System.Net.WebSockets;
using System.Threading.Channels;
using Uptime.Grains;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Observability;
using Uptime.Protocol;

namespace Uptime.Hub.Validators;

/// <summary>
/// The WebSocket of one validator connection. The receive loop reassembles frames up to <c>HUB_MAX_FRAME_BYTES</c> and
/// hands each on; a single send loop owns every write, merges queued checks into one CHECK_WEBSITE frame (minting each
/// check's checkToken, dropping those gone stale in the queue; at most <see cref="MaxChecksPerFrame"/> checks and about
/// <see cref="CheckFrameBudgetBytes"/>) and acknowledgements into one TICK_ACK frame, and ends with the close handshake.
/// </summary>
internal sealed class ValidatorSocketPump(
    WebSocket socket, int maxFrameBytes, CheckTokens checkTokens, HubCounters counters, TimeProvider time, Action sendQueueFull)
    : IValidatorOutbox
{
    public const int SendQueueCapacity = 8192;
    public const int MaxChecksPerFrame = 500;

    /// <summary>
    /// A CHECK_WEBSITE frame is sent once its checks may reach this many bytes, counted as if every character took three:
    /// a frame stays under the agent's 1 MiB message limit (over it the agent drops the connection) even when its checks
    /// carry large definitions, since one check's definition fits in a 128 KiB request body.
    /// </summary>
    public const int CheckFrameBudgetBytes = 256 * 1024;

    /// <summary>A check item's JSON beside its URL and definition: ids, interval, token and field names.</summary>
    private const int CheckItemOverheadBytes = 256;
    public const int MaxAcksPerFrame = 1000;
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private const int InitialReceiveBuffer = 4096;

    private readonly Channel<Outbound> _outbound = Channel.CreateBounded<Outbound>(
        new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private Task _sending = Task.CompletedTask;
    private string? _closedByHubBecause;

    public void Send(HubMessage message) => Enqueue(new Outbound.Message(message));

    public void Acknowledge(IReadOnlyList<Guid> tickIds) => Enqueue(new Outbound.Acks(tickIds));

    public void Close(WebSocketCloseStatus status, string reason)
    {
        Interlocked.CompareExchange(ref _closedByHubBecause, reason, null);
        Enqueue(new Outbound.Close(status, reason));
    }

    /// <summary>Queues checks for <paramref name="validatorId"/>; each gets its checkToken when it is written.</summary>
    public void EnqueueChecks(ImmutableArray<CheckItem> checks, Guid validatorId) => Enqueue(new Outbound.Checks(checks, validatorId));

    public void StartSending() => _sending = SendLoopAsync();

    /// <summary>Whether the receive loop failed with <paramref name="failure"/> because the validator left a WebSocket ping unanswered.</summary>
    public bool LeftPingUnanswered(Exception failure) => WebSocketKeepAlive.TimedOut(socket, failure);

    /// <summary>
    /// Reads frames until the validator closes, handing each complete frame to <paramref name="handleFrame"/>; a frame
    /// over the limit is discarded and reported once to <paramref name="refuseOversizedFrame"/> instead. Returns why the connection
    /// closed: the reason the hub gave when it closed first, else the validator's.
    /// </summary>
    public async Task<string> ReceiveLoopAsync(
        Func<ReadOnlyMemory<byte>, Task> handleFrame, Action<int> refuseOversizedFrame, CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBuffer);
        try
        {
            while (true)
            {
                var length = 0;
                var oversized = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        buffer = Grow(buffer, length);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
                    length += result.Count;
                    if (length > maxFrameBytes)
                    {
                        // Discard the rest and read on until the validator answers the close (the send loop aborts the
                        // socket if it does not within 5 s): dropping the connection with unread bytes would reset it
                        // before the 1008 close frame arrives.
                        if (!oversized)
                        {
                            oversized = true;
                            refuseOversizedFrame(maxFrameBytes);
                        }

                        length = 0;
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // When the hub closed first, the validator's close frame only answers it: the hub's reason stands.
                    var reason = _closedByHubBecause
                        ?? (socket.CloseStatusDescription is { Length: > 0 } description ? description : "closed by validator");
                    Close(WebSocketCloseStatus.NormalClosure, "closed by validator");
                    return reason;
                }

                if (!oversized)
                {
                    await handleFrame(buffer.AsMemory(0, length));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Lets the send loop write what is queued, for at most the close handshake timeout, then drops the socket.</summary>
    public async Task FinishAsync()
    {
        _outbound.Writer.TryComplete();
        await Task.WhenAny(_sending, Task.Delay(CloseHandshakeTimeout, CancellationToken.None));
        socket.Abort();
    }

    private byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxFrameBytes + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private void Enqueue(Outbound item)
    {
        if (!_outbound.Writer.TryWrite(item) && !_outbound.Reader.Completion.IsCompleted)
        {
            sendQueueFull();
            socket.Abort();
        }
    }

    private async Task SendLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var checks = new List<WebsiteCheck>();
        var checkBytes = 0; // of the checks in the list: counted afresh once a flush has emptied it
        var acks = new List<Guid>();
        try
        {
            while (await _outbound.Reader.WaitToReadAsync())
            {
                while (_outbound.Reader.TryRead(out var item))
                {
                    switch (item)
                    {
                        case Outbound.Checks batch:
                            var now = time.GetUtcNow().UtcDateTime;
                            foreach (var check in batch.Items)
                            {
                                if (check.IsStaleAt(now))
                                {
                                    counters.ChecksDropped(1, DroppedCheckReasons.Stale);
                                    continue;
                                }

                                counters.CheckSent(check.DueAt);
                                var token = checkTokens.Issue(check.WebsiteId, batch.ValidatorId, check.DueAt);
                                checkBytes = (checks.Count == 0 ? 0 : checkBytes) + MostBytesOf(check);
                                checks.Add(ToWire(check, token));
                                if (checks.Count == MaxChecksPerFrame || checkBytes >= CheckFrameBudgetBytes)
                                {
                                    await FlushChecksAsync(buffer, checks);
                                }
                            }

                            break;
                        case Outbound.Acks batch:
                            foreach (var tickId in batch.TickIds)
                            {
                                acks.Add(tickId);
                                if (acks.Count == MaxAcksPerFrame)
                                {
                                    await FlushAcksAsync(buffer, acks);
                                }
                            }

                            break;
                        case Outbound.Message message:
                            await FlushChecksAsync(buffer, checks);
                            await FlushAcksAsync(buffer, acks);
                            await SendAsync(buffer, message.Value);
                            break;
                        case Outbound.Close close:
                            await FlushChecksAsync(buffer, checks);
                            await FlushAcksAsync(buffer, acks);
                            await socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
                            AbortUnlessClosedWithin(CloseHandshakeTimeout);
                            return;
                    }
                }

                await FlushChecksAsync(buffer, checks);
                await FlushAcksAsync(buffer, acks);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The socket is gone; the receive loop notices too and cleans up.
        }
    }

    private void AbortUnlessClosedWithin(TimeSpan timeout) =>
        _ = Task.Delay(timeout, CancellationToken.None).ContinueWith(_ => socket.Abort(), TaskScheduler.Default);

    /// <summary>At most how many bytes <paramref name="check"/> takes in a frame: UTF-8 needs at most three per character here.</summary>
    private static int MostBytesOf(CheckItem check) => CheckItemOverheadBytes + (3 * (check.Url.Length + (check.Monitor?.Check?.Length ?? 0)));

    /// <summary>The wire item: plain for a plain HTTP monitor (what a spec-only client understands), with type and check otherwise.</summary>
    private static WebsiteCheck ToWire(CheckItem check, CheckToken token) => check.Monitor is { } monitor
        ? new WebsiteCheck(
            check.WebsiteId, check.Url, check.IntervalSeconds, token.ToString(), monitor.Type == MonitorSpec.HttpType ? null : monitor.Type, monitor.Check)
        : new WebsiteCheck(check.WebsiteId, check.Url, check.IntervalSeconds, token.ToString());

    private async Task FlushChecksAsync(ArrayBufferWriter<byte> buffer, List<WebsiteCheck> checks)
    {
        if (checks.Count == 0)
        {
            return;
        }

        await SendAsync(buffer, new CheckWebsiteMessage(checks, time.GetUtcNow().UtcDateTime));
        counters.ChecksWritten(checks.Count);
        checks.Clear();
    }

    private async Task FlushAcksAsync(ArrayBufferWriter<byte> buffer, List<Guid> acks)
    {
        if (acks.Count == 0)
        {
            return;
        }

        await SendAsync(buffer, new TickAckMessage(acks));
        acks.Clear();
    }

    private async Task SendAsync(ArrayBufferWriter<byte> buffer, HubMessage message)
    {
        if (socket.State != WebSocketState.Open && socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        buffer.ResetWrittenCount();
        MessageWriter.Write(buffer, message);
        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }
}
