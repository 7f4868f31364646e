using System.Buffers;
using System.Collections.Immutable;
using System.Net.WebSockets;
using System.Threading.Channels;
using Uptime.Grains;
using Uptime.Hub.Persistence;
using Uptime.Protocol;
using Uptime.Security;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.Hub.Gateway;

/// <summary>
/// One validator's WebSocket. A receive loop parses and validates each frame and answers bad input with an
/// ERROR while keeping the connection; a single send loop owns every write and merges queued checks into one
/// CHECK_WEBSITE frame. The connection is also the grain observer through which its validator grain closes it.
/// It opens with a CHALLENGE; a REGISTER that fails authentication or a limit gets an ERROR and a close with 1008
/// (policy violation), after which the connection only waits for the close handshake.
/// </summary>
public sealed partial class ValidatorConnection(WebSocket socket, string remoteIp, RegistrationCheck registration, GatewayServices services)
    : IValidatorConnection, ITickAcknowledger
{
    public const int SendQueueCapacity = 8192;
    public const int MaxChecksPerFrame = 500;
    public const int MaxAcksPerFrame = 1000;
    public const int MaxTicksInFlight = 64;
    private const int InitialReceiveBuffer = 4096;
    private static readonly TimeSpan _closeHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<Outbound> _outbound = Channel.CreateBounded<Outbound>(
        new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly SemaphoreSlim _tickSlots = new(MaxTicksInFlight, MaxTicksInFlight);
    private readonly ILogger _logger = services.Logger;
    private readonly MessageRateGuard? _messageRate = services.Limits.NewMessageGuard();
    private IValidatorConnection? _self;
    private Guid? _validatorId;
    private string _publicKey = "";
    private string _location = "";
    private ValidatorPublicKey? _key;
    private DateTime _registeredAt;
    private bool _refused;

    public Guid Id { get; } = Guid.NewGuid();

    public async Task RunAsync(CancellationToken aborted)
    {
        _self = services.Grains.CreateObjectReference<IValidatorConnection>(this);
        services.Local.Opened(this);
        LogConnected(_logger, Id, remoteIp);
        Enqueue(new Outbound.Message(new ChallengeMessage(registration.Nonce, services.Options.Gateway.RequireSignedTicks)));
        using var registrationDeadline = services.Time.CreateTimer(
            _ => CloseUnlessRegistered(), null, services.Options.Gateway.RegistrationTimeout, Timeout.InfiniteTimeSpan);
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
            services.Local.Closed(this);
            await WaitForTicksInFlightAsync();
            await ReportDisconnectedAsync();
            services.Grains.DeleteObjectReference<IValidatorConnection>(_self);
            _outbound.Writer.TryComplete();
            await Task.WhenAny(sending, Task.Delay(_closeHandshakeTimeout, CancellationToken.None));
            socket.Abort();
            _messageRate?.Dispose();
            LogDisconnected(_logger, Id, _publicKey, reason);
        }
    }

    public Task CloseAsync(string reason)
    {
        services.Local.Remove(this);
        LogClosedByHub(_logger, Id, _publicKey, reason);
        RequestClose(WebSocketCloseStatus.NormalClosure, reason);
        return Task.CompletedTask;
    }

    internal void GoAway()
    {
        services.Local.Remove(this);
        RequestClose(WebSocketCloseStatus.EndpointUnavailable, "hub shutting down; reconnect to another hub");
    }

    internal void EnqueueChecks(ImmutableArray<CheckItem> checks) => Enqueue(new Outbound.Checks(checks));

    public void Acknowledge(IReadOnlyList<Guid> tickIds) => Enqueue(new Outbound.Acks(tickIds));

    private async Task<string> ReceiveLoopAsync(CancellationToken aborted)
    {
        var maxFrame = services.Options.MaxFrameBytes;
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

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
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
                    return socket.CloseStatusDescription is { Length: > 0 } description ? description : "closed by validator";
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
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, services.Options.MaxFrameBytes + 1));
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
                services.Counters.GatewayRefused(RefusalReasons.MessagesPerSecond);
                SendError(
                    ErrorCodes.RateLimited,
                    $"More than {services.Options.Gateway.MaxMessagesPerSecond} messages per second on this connection (HUB_MAX_MESSAGES_PER_SECOND); message not processed");
                return false;
            default:
                Refuse(
                    RefusalReasons.MessageFlood,
                    new ProtocolError(
                        ErrorCodes.RateLimited,
                        $"Over {MessageRateGuard.FloodFactor} times HUB_MAX_MESSAGES_PER_SECOND ({services.Options.Gateway.MaxMessagesPerSecond}) for "
                        + $"{MessageRateGuard.FloodSeconds} s; closing the connection"),
                    "message flood");
                return false;
        }
    }

    /// <summary>Answers <paramref name="error"/>, closes with 1008 and ignores every later frame of this connection.</summary>
    private void Refuse(string reason, ProtocolError error, string closeReason)
    {
        _refused = true;
        services.Counters.GatewayRefused(reason);
        LogRefused(_logger, Id, remoteIp, error.Code, error.Message);
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

        if (!services.Limits.TryRegister(remoteIp))
        {
            Refuse(
                RefusalReasons.RegistrationsPerIp,
                new ProtocolError(
                    ErrorCodes.RateLimited,
                    $"More than {services.Options.Gateway.RegistrationsPerIpPerMinute} REGISTER attempts from {remoteIp} within a minute "
                    + "(HUB_REGISTRATIONS_PER_IP_PER_MINUTE); try again later"),
                "too many registrations");
            return;
        }

        var verdict = registration.Check(register);
        if (verdict.Refusal is { } refusal)
        {
            var reason = refusal.Code == ErrorCodes.Unauthorized ? RefusalReasons.Unauthorized : RefusalReasons.InvalidSignature;
            Refuse(reason, refusal, $"registration refused: {refusal.Code}");
            return;
        }

        var identity = new ValidatorIdentity(register.PublicKey, register.Location, remoteIp);
        await services.Grains.GetGrain<IValidatorGrain>(validatorId).RegisterAsync(identity, Id, _self!);
        _validatorId = validatorId;
        _publicKey = register.PublicKey;
        _location = register.Location;
        _key = verdict.Key;
        if (_registeredAt == default)
        {
            _registeredAt = Now;
        }

        var connected = services.Publisher.ConnectedValidators() + (services.Local.Contains(Id) ? 0 : 1);
        Enqueue(new Outbound.Message(new RegisteredMessage(validatorId, "Successfully registered", connected)));
        services.Local.Add(this);
    }

    private async Task HeartbeatAsync()
    {
        if (_validatorId is not { } validatorId)
        {
            SendNotRegistered();
            return;
        }

        if (!await services.Grains.GetGrain<IValidatorGrain>(validatorId).HeartbeatAsync(Id, _self!))
        {
            await CloseAsync("replaced by a newer connection of the same validator");
            return;
        }

        Enqueue(new Outbound.Message(new HeartbeatAckMessage(Now, services.ActiveWebsites.Value)));
    }

    private async Task AcceptTickAsync(TickResultMessage tick)
    {
        if (_validatorId is not { } validatorId)
        {
            SendNotRegistered();
            return;
        }

        // REGISTER is refused without a signature when ticks must be signed, so a registered connection has its key.
        if (services.Options.Gateway.RequireSignedTicks && TickSignature.Problem(_key!, tick) is { } problem)
        {
            services.Counters.GatewayRefused(RefusalReasons.InvalidSignature);
            SendError(ErrorCodes.InvalidSignature, problem, tick.TickId);
            return;
        }

        // The parser let only well-formed tokens through.
        CheckToken? verified = null;
        if (CheckToken.TryParse(tick.CheckToken, out var token))
        {
            if (!services.CheckTokens.IsIssued(token, tick.WebsiteId, validatorId))
            {
                RefuseTick(
                    tick,
                    ErrorCodes.UnexpectedTick,
                    $"payload.checkToken was not sent to {_publicKey} for website {tick.WebsiteId}; tick not stored");
                return;
            }

            verified = token;
        }

        await _tickSlots.WaitAsync();
        _ = RecordTickAsync(validatorId, tick, verified);
    }

    private async Task RecordTickAsync(Guid validatorId, TickResultMessage tick, CheckToken? verified)
    {
        try
        {
            var report = new TickReport(
                validatorId, tick.Status == TickStatus.Good, tick.Latency, tick.Timestamp, tick.Error, verified?.DueAt, _registeredAt);
            var outcome = await services.Grains.GetGrain<IWebsiteGrain>(tick.WebsiteId).RecordTickAsync(report);
            switch (outcome.Verdict)
            {
                case TickVerdict.UnknownWebsite:
                    RefuseTick(tick, ErrorCodes.UnknownWebsite, $"websiteId {tick.WebsiteId} is not a monitored website; tick rejected");
                    return;
                case TickVerdict.Unexpected:
                    RefuseTick(tick, ErrorCodes.UnexpectedTick, outcome.Error!);
                    return;
                case TickVerdict.BadTimestamp:
                    RefuseTick(tick, ErrorCodes.InvalidField, outcome.Error!);
                    return;
            }

            var recorded = outcome.Verdict == TickVerdict.Recorded;
            if (recorded)
            {
                services.Counters.TickReceived(tick.Latency);
                LogTickReceived(_logger, tick.WebsiteId, _publicKey, tick.Status, tick.Latency);
            }

            var location = _location;
            var row = new TickRow(
                verified?.TickId ?? services.CheckTokens.TickId(tick.WebsiteId, validatorId, outcome.DueAt), tick.WebsiteId, validatorId, tick.Timestamp, report.Good,
                tick.Latency, tick.Error, Now, location, tick.TickId is { } tickId ? new TickAck(this, tickId) : null);
            if (!services.Ticks.TryEnqueue(row))
            {
                // PostgreSQL has been away long enough to fill the queue: without an acknowledgement the agent keeps
                // the tick and sends it again; a spec client's tick is lost.
                LogTickDeferred(_logger, tick.WebsiteId, _publicKey, tick.TickId is not null);
                return;
            }

            if (recorded)
            {
                services.Live.AddTick(new LiveTick(tick.WebsiteId, validatorId, location, report.Good, tick.Latency, tick.Timestamp, tick.Error, outcome.Status));
            }
        }
        catch (Exception e)
        {
            LogHandlingFailed(_logger, e, Id, nameof(TickResultMessage));
            SendError(ErrorCodes.InternalError, $"Tick for {tick.WebsiteId} could not be recorded; try again");
        }
        finally
        {
            _tickSlots.Release();
        }
    }

    /// <summary>Refuses a tick for good: not stored; the ERROR names its tickId, so the agent stops sending it.</summary>
    private void RefuseTick(TickResultMessage tick, string code, string message)
    {
        services.Counters.TickRefused(code);
        SendError(code, message, tick.TickId);
    }

    private async Task WaitForTicksInFlightAsync()
    {
        for (var taken = 0; taken < MaxTicksInFlight; taken++)
        {
            if (!await _tickSlots.WaitAsync(_closeHandshakeTimeout))
            {
                return;
            }
        }
    }

    private async Task ReportDisconnectedAsync()
    {
        if (_validatorId is not { } validatorId)
        {
            return;
        }

        try
        {
            await services.Grains.GetGrain<IValidatorGrain>(validatorId).DisconnectedAsync(Id);
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
        var reason = $"no REGISTER within {services.Options.Gateway.RegistrationTimeout.TotalSeconds:0} s";
        LogRegistrationTimedOut(_logger, Id, remoteIp, reason);
        Enqueue(new Outbound.Message(new ErrorMessage(ErrorCodes.NotRegistered, reason)));
        RequestClose(WebSocketCloseStatus.PolicyViolation, reason);
    }

    private void RequestClose(WebSocketCloseStatus status, string reason) => Enqueue(new Outbound.Close(status, reason));

    private void Enqueue(Outbound item)
    {
        if (!_outbound.Writer.TryWrite(item) && !_outbound.Reader.Completion.IsCompleted)
        {
            LogSendQueueFull(_logger, Id, _publicKey, SendQueueCapacity);
            services.Local.Remove(this);
            socket.Abort();
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
                                services.Counters.CheckSent(check.DueAt);
                                var token = services.CheckTokens.Issue(check.WebsiteId, _validatorId!.Value, check.DueAt);
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
                            await socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
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
        _ = Task.Delay(timeout, CancellationToken.None).ContinueWith(_ => socket.Abort(), TaskScheduler.Default);

    private async Task FlushChecksAsync(ArrayBufferWriter<byte> buffer, List<WebsiteCheck> checks)
    {
        if (checks.Count == 0)
        {
            return;
        }

        await SendAsync(buffer, new CheckWebsiteMessage(checks, Now));
        services.Counters.ChecksWritten(checks.Count);
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

    private DateTime Now => services.Time.GetUtcNow().UtcDateTime;
}
