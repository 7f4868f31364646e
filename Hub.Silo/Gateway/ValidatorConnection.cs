using System.Buffers;
using System.Collections.Immutable;
using System.Net.WebSockets;
using System.Threading.Channels;
using Uptime.Grains;
using Uptime.Protocol;
using static Uptime.Hub.Gateway.ValidatorConnectionLog;

namespace Uptime.Hub.Gateway;

/// <summary>
/// One validator's WebSocket. A receive loop hands each frame to the connection's <see cref="ValidatorSession"/> (the
/// protocol); a single send loop owns every write and merges queued checks into one CHECK_WEBSITE frame. The connection
/// is also the grain observer through which its validator grain closes it.
/// </summary>
public sealed class ValidatorConnection : IValidatorConnection, IValidatorOutbox, IConnectionSilo
{
    public const int SendQueueCapacity = 8192;
    public const int MaxChecksPerFrame = 500;
    public const int MaxAcksPerFrame = 1000;
    private const int InitialReceiveBuffer = 4096;
    private static readonly TimeSpan _closeHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<Outbound> _outbound = Channel.CreateBounded<Outbound>(
        new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly WebSocket _socket;
    private readonly string _remoteIp;
    private readonly GatewayServices _services;
    private readonly ILogger _logger;
    private readonly IValidatorConnection _self;
    private readonly ValidatorSession _session;

    public ValidatorConnection(WebSocket socket, string remoteIp, RegistrationCheck registration, GatewayServices services)
    {
        _socket = socket;
        _remoteIp = remoteIp;
        _services = services;
        _logger = services.Logger;
        _self = services.Grains.CreateObjectReference<IValidatorConnection>(this);
        var ticks = new TickIntake(
            Id, this, new WebsiteGrainAdmission(services.Grains), services.Ticks, services.Live, services.CheckTokens,
            services.Options.Gateway.RequireSignedTicks, services.Counters, services.Time, _logger);
        _session = new ValidatorSession(
            Id, remoteIp, registration, this, new ValidatorGrainCalls(services.Grains, _self), this, ticks, services.Limits,
            services.Options.Gateway, services.Counters, services.Time, _logger);
    }

    public Guid Id { get; } = Guid.NewGuid();

    int IConnectionSilo.ActiveWebsites => _services.ActiveWebsites.Value;

    public async Task RunAsync(CancellationToken aborted)
    {
        _services.Local.Opened(this);
        LogConnected(_logger, Id, _remoteIp);
        using var registrationDeadline = _session.Open();
        var sending = SendLoopAsync();
        var reason = "connection closed";
        try
        {
            reason = await ReceiveLoopAsync(aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            reason = e.Message;
        }
        finally
        {
            _services.Local.Closed(this);
            await _session.EndAsync(_closeHandshakeTimeout);
            _services.Grains.DeleteObjectReference<IValidatorConnection>(_self);
            _outbound.Writer.TryComplete();
            await Task.WhenAny(sending, Task.Delay(_closeHandshakeTimeout, CancellationToken.None));
            _socket.Abort();
            _session.Dispose();
            LogDisconnected(_logger, Id, _session.PublicKey, reason);
        }
    }

    public Task CloseAsync(string reason)
    {
        _session.Close(reason);
        return Task.CompletedTask;
    }

    internal void GoAway()
    {
        _services.Local.Remove(this);
        Close(WebSocketCloseStatus.EndpointUnavailable, "hub shutting down; reconnect to another hub");
    }

    internal void EnqueueChecks(ImmutableArray<CheckItem> checks) => Enqueue(new Outbound.Checks(checks));

    public void Acknowledge(IReadOnlyList<Guid> tickIds) => Enqueue(new Outbound.Acks(tickIds));

    public void Send(HubMessage message) => Enqueue(new Outbound.Message(message));

    public void Close(WebSocketCloseStatus status, string reason) => Enqueue(new Outbound.Close(status, reason));

    int IConnectionSilo.ConnectedValidatorsOnceJoined() => _services.Publisher.ConnectedValidators() + (_services.Local.Contains(Id) ? 0 : 1);

    void IConnectionSilo.Join() => _services.Local.Add(this);

    void IConnectionSilo.Leave() => _services.Local.Remove(this);

    private async Task<string> ReceiveLoopAsync(CancellationToken aborted)
    {
        var maxFrame = _services.Options.MaxFrameBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBuffer);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        buffer = Grow(buffer, length);
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), aborted);
                    length += result.Count;
                    if (length > maxFrame)
                    {
                        // Discard the rest and read on until the validator answers the close (the send loop aborts the
                        // socket if it does not within 5 s): dropping the connection with unread bytes would reset it
                        // before the 1008 close frame arrives.
                        _session.RefuseOversizedFrame(maxFrame);
                        length = 0;
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close(WebSocketCloseStatus.NormalClosure, "closed by validator");
                    return _socket.CloseStatusDescription is { Length: > 0 } description ? description : "closed by validator";
                }

                await _session.ReceiveAsync(buffer.AsMemory(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _services.Options.MaxFrameBytes + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private void Enqueue(Outbound item)
    {
        if (!_outbound.Writer.TryWrite(item) && !_outbound.Reader.Completion.IsCompleted)
        {
            LogSendQueueFull(_logger, Id, _session.PublicKey, SendQueueCapacity);
            _services.Local.Remove(this);
            _socket.Abort();
        }
    }

    private async Task SendLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var checks = new List<WebsiteCheck>();
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
                            foreach (var check in batch.Items)
                            {
                                _services.Counters.CheckSent(check.DueAt);
                                var token = _services.CheckTokens.Issue(check.WebsiteId, _session.Validator!.Id, check.DueAt);
                                checks.Add(new WebsiteCheck(check.WebsiteId, check.Url, check.IntervalSeconds, token.ToString()));
                                if (checks.Count == MaxChecksPerFrame)
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
                            await _socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
                            AbortUnlessClosedWithin(_closeHandshakeTimeout);
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
        _ = Task.Delay(timeout, CancellationToken.None).ContinueWith(_ => _socket.Abort(), TaskScheduler.Default);

    private async Task FlushChecksAsync(ArrayBufferWriter<byte> buffer, List<WebsiteCheck> checks)
    {
        if (checks.Count == 0)
        {
            return;
        }

        await SendAsync(buffer, new CheckWebsiteMessage(checks, Now));
        _services.Counters.ChecksWritten(checks.Count);
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
        if (_socket.State != WebSocketState.Open && _socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        buffer.ResetWrittenCount();
        MessageWriter.Write(buffer, message);
        await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    private DateTime Now => _services.Time.GetUtcNow().UtcDateTime;
}
