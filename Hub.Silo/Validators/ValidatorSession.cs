using System.Net.WebSockets;
using Uptime.Grains;
using Uptime.Hub.Database;
using Uptime.Hub.Observability;
using Uptime.Hub.Ticks;
using Uptime.Protocol;
using static Uptime.Hub.Validators.ValidatorConnectionLog;

namespace Uptime.Hub.Validators;

/// <summary>
/// The protocol of one validator connection: CHALLENGE first, then REGISTER (authentication and limits), HEARTBEAT and
/// TICK_RESULT (handed to the <see cref="TickIntake"/>); every message is subject to <c>HUB_MAX_MESSAGES_PER_SECOND</c>.
/// Bad input gets an ERROR and keeps the connection; a REGISTER that fails authentication or a limit or is of a banned or
/// pending validator, a ban of the registered one, a flood, an oversized frame or a missing REGISTER gets an ERROR and a
/// close with 1008, after which every frame is ignored.
/// </summary>
internal sealed class ValidatorSession(
    Guid connectionId,
    string remoteIp,
    RegistrationCheck registration,
    IValidatorOutbox outbox,
    IValidatorGrainCalls grains,
    IConnectionSilo silo,
    TickIntake ticks,
    ConnectionLimits limits,
    ValidatorSecurityOptions options,
    HubCounters counters,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    /// <summary>The WebSocket close code 1013 (IANA registry: "Try Again Later"), which .NET names no constant for.</summary>
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    private readonly MessageRateGuard? _messageRate = limits.NewMessageGuard();
    private bool _refused;

    /// <summary>The validator this connection registered as, or null before a REGISTER is accepted.</summary>
    public RegisteredValidator? Validator { get; private set; }

    /// <summary>The registered public key, or empty before a REGISTER is accepted.</summary>
    public string PublicKey => Validator?.PublicKey ?? "";

    /// <summary>Sends the CHALLENGE; the timer returned closes the connection if no REGISTER is accepted in time.</summary>
    public ITimer Open()
    {
        outbox.Send(new ChallengeMessage(registration.Nonce, options.RequireSignedTicks));
        return time.CreateTimer(_ => CloseUnlessRegistered(), null, options.RegistrationTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Handles one complete text or binary frame, unless the connection is refused or over its message rate.</summary>
    public async Task ReceiveAsync(ReadOnlyMemory<byte> frame)
    {
        if (_refused || !Admit())
        {
            return;
        }

        var parsed = ValidatorMessageParser.Parse(frame);
        if (parsed.Error is { } error)
        {
            SendError(error.Code, error.Message);
            return;
        }

        await HandleAsync(parsed.Message!);
    }

    /// <summary>Refuses a frame over <c>HUB_MAX_FRAME_BYTES</c> with a close (1008), once.</summary>
    public void RefuseOversizedFrame(int maxFrameBytes)
    {
        if (_refused)
        {
            return;
        }

        _refused = true;
        var reason = $"frame larger than {maxFrameBytes} bytes";
        LogClosedByHub(logger, connectionId, PublicKey, reason);
        outbox.Close(WebSocketCloseStatus.PolicyViolation, reason);
    }

    /// <summary>Closes the connection normally at the hub's request (its validator grain, or a newer connection replacing it).</summary>
    public void Close(string reason)
    {
        silo.Leave();
        LogClosedByHub(logger, connectionId, PublicKey, reason);
        outbox.Close(WebSocketCloseStatus.NormalClosure, reason);
    }

    /// <summary>An operator banned the registered validator: ERROR <c>banned</c>, no more checks, close with 1008.</summary>
    public void Ban(string? reason)
    {
        if (!_refused)
        {
            Refuse(RefusalReasons.Banned, OperatorRefusals.Banned(PublicKey, reason), OperatorRefusals.BannedCloseReason);
        }
    }

    /// <summary>Tells the validator grain this connection is gone, once no tick of it awaits admission.</summary>
    public async Task EndAsync(TimeSpan ticksInFlightTimeout)
    {
        await ticks.WaitForTicksInFlightAsync(ticksInFlightTimeout);
        if (Validator is not { } validator)
        {
            return;
        }

        try
        {
            await grains.DisconnectedAsync(validator.Id, connectionId);
        }
        catch (Exception e)
        {
            LogHandlingFailed(logger, e, connectionId, "disconnect");
        }
    }

    public void Dispose() => _messageRate?.Dispose();

    internal async Task HandleAsync(ValidatorMessage message)
    {
        try
        {
            switch (message)
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
        catch (Exception e) when (DatabaseUnavailable.Explain(e) is { } reason)
        {
            RefuseUntilDatabaseIsBack(message, reason);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHandlingFailed(logger, e, connectionId, message.GetType().Name);
            SendError(ErrorCodes.InternalError, "The hub could not process this message; try again");
        }
    }

    /// <summary>
    /// Answers a message the database was needed for with <c>unavailable</c>; a REGISTER also closes the connection with
    /// 1013 (try again later), since a registration is retried on a new connection (a signed one needs a new nonce), so
    /// that any client, ours or one written from the spec alone, reconnects after its reconnect delay.
    /// </summary>
    private void RefuseUntilDatabaseIsBack(ValidatorMessage message, string reason)
    {
        LogDatabaseUnavailable(logger, connectionId, message.GetType().Name, reason);
        SendError(ErrorCodes.Unavailable, $"The hub's database is unavailable ({reason}); nothing was stored, try again in a few seconds");
        if (message is RegisterMessage)
        {
            _refused = true;
            outbox.Close(TryAgainLater, "database unavailable; try again later");
        }
    }

    /// <summary>Applies <c>HUB_MAX_MESSAGES_PER_SECOND</c>; a refused message gets an ERROR and is not processed.</summary>
    private bool Admit()
    {
        switch (_messageRate?.Admit() ?? MessageVerdict.Accepted)
        {
            case MessageVerdict.Accepted:
                return true;
            case MessageVerdict.Refused:
                counters.ValidatorRefused(RefusalReasons.MessagesPerSecond);
                SendError(
                    ErrorCodes.RateLimited,
                    $"More than {options.MaxMessagesPerSecond} messages per second on this connection (HUB_MAX_MESSAGES_PER_SECOND); message not processed");
                return false;
            default:
                Refuse(
                    RefusalReasons.MessageFlood,
                    new ProtocolError(
                        ErrorCodes.RateLimited,
                        $"Over {MessageRateGuard.FloodFactor} times HUB_MAX_MESSAGES_PER_SECOND ({options.MaxMessagesPerSecond}) for "
                        + $"{MessageRateGuard.FloodSeconds} s; closing the connection"),
                    "message flood");
                return false;
        }
    }

    /// <summary>Answers <paramref name="error"/>, closes with 1008 and ignores every later frame of this connection.</summary>
    private void Refuse(string reason, ProtocolError error, string closeReason)
    {
        _refused = true;
        silo.Leave();
        counters.ValidatorRefused(reason);
        LogRefused(logger, connectionId, remoteIp, error.Code, error.Message);
        SendError(error.Code, error.Message);
        outbox.Close(WebSocketCloseStatus.PolicyViolation, closeReason);
    }

    private async Task RegisterAsync(RegisterMessage register)
    {
        var validatorId = ValidatorIds.FromPublicKey(register.PublicKey);
        if (Validator is { } current && current.Id != validatorId)
        {
            SendError(ErrorCodes.AlreadyRegistered, $"This connection is registered as {current.PublicKey}; open a new connection for another validator");
            return;
        }

        if (!limits.TryRegister(remoteIp))
        {
            Refuse(
                RefusalReasons.RegistrationsPerIp,
                new ProtocolError(
                    ErrorCodes.RateLimited,
                    $"More than {options.RegistrationsPerIpPerMinute} REGISTER attempts from {remoteIp} within a minute "
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

        var newKeyState = options.Enrollment == ValidatorEnrollment.Approval ? ValidatorState.Pending : ValidatorState.Active;
        var capabilities = CapabilitySets.Intern(register.Capabilities);
        var standing = await grains.RegisterAsync(
            validatorId, new ValidatorIdentity(register.PublicKey, register.Location, remoteIp, capabilities), connectionId, newKeyState);
        if (OperatorRefusals.For(register.PublicKey, standing) is { } notAllowed)
        {
            Refuse(OperatorRefusals.CounterTag(notAllowed), notAllowed, $"registration refused: {notAllowed.Code}");
            return;
        }

        Validator = new RegisteredValidator(
            validatorId, register.PublicKey, register.Location, verdict.Key, Validator?.RegisteredAt ?? time.GetUtcNow().UtcDateTime, capabilities);
        outbox.Send(new RegisteredMessage(validatorId, "Successfully registered", silo.ConnectedValidatorsOnceJoined()));
        silo.Join(register.LastCheckAt);
    }

    private async Task HeartbeatAsync()
    {
        if (Validator is not { } validator)
        {
            SendNotRegistered();
            return;
        }

        var answer = await grains.HeartbeatAsync(validator.Id, connectionId);
        if (OperatorRefusals.For(validator.PublicKey, answer.Standing) is { } notAllowed)
        {
            Refuse(OperatorRefusals.CounterTag(notAllowed), notAllowed, OperatorRefusals.CloseReason(notAllowed));
            return;
        }

        if (!answer.Current)
        {
            Close("replaced by a newer connection of the same validator");
            return;
        }

        outbox.Send(new HeartbeatAckMessage(time.GetUtcNow().UtcDateTime, silo.ActiveWebsites));
    }

    private async Task AcceptTickAsync(TickResultMessage tick)
    {
        if (Validator is not { } validator)
        {
            SendNotRegistered();
            return;
        }

        await ticks.AcceptAsync(validator, tick);
    }

    private void CloseUnlessRegistered()
    {
        if (Validator is not null || _refused)
        {
            return;
        }

        _refused = true;
        var reason = $"no REGISTER within {options.RegistrationTimeout.TotalSeconds:0} s";
        LogRegistrationTimedOut(logger, connectionId, remoteIp, reason);
        SendError(ErrorCodes.NotRegistered, reason);
        outbox.Close(WebSocketCloseStatus.PolicyViolation, reason);
    }

    private void SendNotRegistered() =>
        SendError(ErrorCodes.NotRegistered, "Send REGISTER first; this connection has no registered validator");

    private void SendError(string code, string message, Guid? tickId = null) => outbox.Send(new ErrorMessage(code, message, tickId));
}
