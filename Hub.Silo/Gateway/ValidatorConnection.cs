using System.Buffers;
using System.Collections.Immutable;
using System.Net.WebSockets;
using System.Threading.Channels;
using Uptime.Grains;
using Uptime.Protocol;
using Uptime.Security;
using static Uptime.Hub.Gateway.ValidatorConnectionLog;

namespace Uptime.Hub.Gateway;

/// <summary>
/// One validator's WebSocket. A receive loop parses and validates each frame and answers bad input with an
/// ERROR while keeping the connection; a single send loop owns every write and merges queued checks into one
/// CHECK_WEBSITE frame. The connection is also the grain observer through which its validator grain closes it.
/// It opens with a CHALLENGE; a REGISTER that fails authentication or a limit gets an ERROR and a close with 1008
/// (policy violation), after which the connection only waits for the close handshake.
/// </summary>
public sealed class ValidatorConnection : IValidatorConnection, IValidatorOutbox
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
    private readonly RegistrationCheck _registration;
    private readonly GatewayServices _services;
    private readonly ILogger _logger;
    private readonly MessageRateGuard? _messageRate;
    private readonly TickIntake _ticks;
    private IValidatorConnection? _self;
    private Guid? _validatorId;
    private string _publicKey = "";
    private string _location = "";
    private ValidatorPublicKey? _key;
    private DateTime _registeredAt;
    private bool _refused;

    public ValidatorConnection(WebSocket socket, string remoteIp, RegistrationCheck registration, GatewayServices services)
    {
        _socket = socket;
        _remoteIp = remoteIp;
        _registration = registration;
        _services = services;
        _logger = services.Logger;
        _messageRate = services.Limits.NewMessageGuard();
        _ticks = new TickIntake(
            Id, this, new WebsiteGrainAdmission(services.Grains), services.Ticks, services.Live, services.CheckTokens,
            services.Options.Gateway.RequireSignedTicks, services.Counters, services.Time, _logger);
    }

    public Guid Id { get; } = Guid.NewGuid();

    public async Task RunAsync(CancellationToken aborted)
    {
        _self = _services.Grains.CreateObjectReference<IValidatorConnection>(this);
        _services.Local.Opened(this);
        LogConnected(_logger, Id, _remoteIp);
        Enqueue(new Outbound.Message(new ChallengeMessage(_registration.Nonce, _services.Options.Gateway.RequireSignedTicks)));
        using var registrationDeadline = _services.Time.CreateTimer(
            _ => CloseUnlessRegistered(), null, _services.Options.Gateway.RegistrationTimeout, Timeout.InfiniteTimeSpan);
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
            await _ticks.WaitForTicksInFlightAsync(_closeHandshakeTimeout);
            await ReportDisconnectedAsync();
            _services.Grains.DeleteObjectReference<IValidatorConnection>(_self);
            _outbound.Writer.TryComplete();
            await Task.WhenAny(sending, Task.Delay(_closeHandshakeTimeout, CancellationToken.None));
            _socket.Abort();
            _messageRate?.Dispose();
            LogDisconnected(_logger, Id, _publicKey, reason);
        }
    }

    public Task CloseAsync(string reason)
    {
        _services.Local.Remove(this);
        LogClosedByHub(_logger, Id, _publicKey, reason);
        RequestClose(WebSocketCloseStatus.NormalClosure, reason);
        return Task.CompletedTask;
    }

    internal void GoAway()
    {
        _services.Local.Remove(this);
        RequestClose(WebSocketCloseStatus.EndpointUnavailable, "hub shutting down; reconnect to another hub");
    }

    internal void EnqueueChecks(ImmutableArray<CheckItem> checks) => Enqueue(new Outbound.Checks(checks));

    public void Acknowledge(IReadOnlyList<Guid> tickIds) => Enqueue(new Outbound.Acks(tickIds));

    void IValidatorOutbox.Send(HubMessage message) => Enqueue(new Outbound.Message(message));

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
                        if (!_refused)
                        {
                            _refused = true;
                            var reason = $"frame larger than {maxFrame} bytes";
                            LogClosedByHub(_logger, Id, _publicKey, reason);
                            RequestClose(WebSocketCloseStatus.PolicyViolation, reason);
                        }

                        length = 0;
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    RequestClose(WebSocketCloseStatus.NormalClosure, "closed by validator");
                    return _socket.CloseStatusDescription is { Length: > 0 } description ? description : "closed by validator";
                }

                if (!_refused && Admit())
                {
                    await HandleFrameAsync(buffer.AsMemory(0, length));
                }
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

    /// <summary>Applies <c>HUB_MAX_MESSAGES_PER_SECOND</c>; a refused message gets an ERROR and is not processed.</summary>
    private bool Admit()
    {
        switch (_messageRate?.Admit() ?? MessageVerdict.Accepted)
        {
            case MessageVerdict.Accepted:
                return true;
            case MessageVerdict.Refused:
                _services.Counters.GatewayRefused(RefusalReasons.MessagesPerSecond);
                SendError(
                    ErrorCodes.RateLimited,
                    $"More than {_services.Options.Gateway.MaxMessagesPerSecond} messages per second on this connection (HUB_MAX_MESSAGES_PER_SECOND); message not processed");
                return false;
            default:
                Refuse(
                    RefusalReasons.MessageFlood,
                    new ProtocolError(
                        ErrorCodes.RateLimited,
                        $"Over {MessageRateGuard.FloodFactor} times HUB_MAX_MESSAGES_PER_SECOND ({_services.Options.Gateway.MaxMessagesPerSecond}) for "
                        + $"{MessageRateGuard.FloodSeconds} s; closing the connection"),
                    "message flood");
                return false;
        }
    }

    /// <summary>Answers <paramref name="error"/>, closes with 1008 and ignores every later frame of this connection.</summary>
    private void Refuse(string reason, ProtocolError error, string closeReason)
    {
        _refused = true;
        _services.Counters.GatewayRefused(reason);
        LogRefused(_logger, Id, _remoteIp, error.Code, error.Message);
        SendError(error.Code, error.Message);
        RequestClose(WebSocketCloseStatus.PolicyViolation, closeReason);
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> frame)
    {
        var parsed = ValidatorMessageParser.Parse(frame);
        if (parsed.Error is { } error)
        {
            SendError(error.Code, error.Message);
            return;
        }

        try
        {
            switch (parsed.Message)
            {
                case RegisterMessage register:
                    await RegisterAsync(register);
                    break;
                case HeartbeatMessage:
                    await HeartbeatAsync();
                    break;
                case TickResultMessage tick:
                    await AcceptTickAsync(tick);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHandlingFailed(_logger, e, Id, parsed.Message!.GetType().Name);
            SendError(ErrorCodes.InternalError, "The hub could not process this message; try again");
        }
    }

    private async Task RegisterAsync(RegisterMessage register)
    {
        var validatorId = ValidatorIds.FromPublicKey(register.PublicKey);
        if (_validatorId is { } current && current != validatorId)
        {
            SendError(ErrorCodes.AlreadyRegistered, $"This connection is registered as {_publicKey}; open a new connection for another validator");
            return;
        }

        if (!_services.Limits.TryRegister(_remoteIp))
        {
            Refuse(
                RefusalReasons.RegistrationsPerIp,
                new ProtocolError(
                    ErrorCodes.RateLimited,
                    $"More than {_services.Options.Gateway.RegistrationsPerIpPerMinute} REGISTER attempts from {_remoteIp} within a minute "
                    + "(HUB_REGISTRATIONS_PER_IP_PER_MINUTE); try again later"),
                "too many registrations");
            return;
        }

        var verdict = _registration.Check(register);
        if (verdict.Refusal is { } refusal)
        {
            var reason = refusal.Code == ErrorCodes.Unauthorized ? RefusalReasons.Unauthorized : RefusalReasons.InvalidSignature;
            Refuse(reason, refusal, $"registration refused: {refusal.Code}");
            return;
        }

        var identity = new ValidatorIdentity(register.PublicKey, register.Location, _remoteIp);
        await _services.Grains.GetGrain<IValidatorGrain>(validatorId).RegisterAsync(identity, Id, _self!);
        _validatorId = validatorId;
        _publicKey = register.PublicKey;
        _location = register.Location;
        _key = verdict.Key;
        if (_registeredAt == default)
        {
            _registeredAt = Now;
        }

        var connected = _services.Publisher.ConnectedValidators() + (_services.Local.Contains(Id) ? 0 : 1);
        Enqueue(new Outbound.Message(new RegisteredMessage(validatorId, "Successfully registered", connected)));
        _services.Local.Add(this);
    }

    private async Task HeartbeatAsync()
    {
        if (_validatorId is not { } validatorId)
        {
            SendNotRegistered();
            return;
        }

        if (!await _services.Grains.GetGrain<IValidatorGrain>(validatorId).HeartbeatAsync(Id, _self!))
        {
            await CloseAsync("replaced by a newer connection of the same validator");
            return;
        }

        Enqueue(new Outbound.Message(new HeartbeatAckMessage(Now, _services.ActiveWebsites.Value)));
    }

    private async Task AcceptTickAsync(TickResultMessage tick)
    {
        if (_validatorId is not { } validatorId)
        {
            SendNotRegistered();
            return;
        }

        await _ticks.AcceptAsync(new RegisteredValidator(validatorId, _publicKey, _location, _key, _registeredAt), tick);
    }

    private async Task ReportDisconnectedAsync()
    {
        if (_validatorId is not { } validatorId)
        {
            return;
        }

        try
        {
            await _services.Grains.GetGrain<IValidatorGrain>(validatorId).DisconnectedAsync(Id);
        }
        catch (Exception e)
        {
            LogHandlingFailed(_logger, e, Id, "disconnect");
        }
    }

    private void SendNotRegistered() =>
        SendError(ErrorCodes.NotRegistered, "Send REGISTER first; this connection has no registered validator");

    private void SendError(string code, string message, Guid? tickId = null) => Enqueue(new Outbound.Message(new ErrorMessage(code, message, tickId)));

    private void CloseUnlessRegistered()
    {
        if (_validatorId is not null || _refused)
        {
            return;
        }

        _refused = true;
        var reason = $"no REGISTER within {_services.Options.Gateway.RegistrationTimeout.TotalSeconds:0} s";
        LogRegistrationTimedOut(_logger, Id, _remoteIp, reason);
        Enqueue(new Outbound.Message(new ErrorMessage(ErrorCodes.NotRegistered, reason)));
        RequestClose(WebSocketCloseStatus.PolicyViolation, reason);
    }

    private void RequestClose(WebSocketCloseStatus status, string reason) => Enqueue(new Outbound.Close(status, reason));

    private void Enqueue(Outbound item)
    {
        if (!_outbound.Writer.TryWrite(item) && !_outbound.Reader.Completion.IsCompleted)
        {
            LogSendQueueFull(_logger, Id, _publicKey, SendQueueCapacity);
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
                                var token = _services.CheckTokens.Issue(check.WebsiteId, _validatorId!.Value, check.DueAt);
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
