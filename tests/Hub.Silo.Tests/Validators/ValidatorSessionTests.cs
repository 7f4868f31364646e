using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Canaries;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Hosting;
using Uptime.Hub.Observability;
using Uptime.Hub.Tests.Ticks;
using Uptime.Hub.Ticks;
using Uptime.Hub.Validators;
using Uptime.Protocol;
using Uptime.Security;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.Hub.Tests.Validators;

public sealed class ValidatorSessionTests : IDisposable
{
    private const string RemoteIp = "203.0.113.7";
    private const string NotRegistered = "Send REGISTER first; this connection has no registered validator";

    private static readonly ValidatorKey _key = ValidatorKey.Generate();

    private readonly FakeTimeProvider _time = new(new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc));
    private readonly RecordingOutbox _outbox = new();
    private readonly RecordingValidatorGrains _grains = new();
    private readonly FakeConnectionSilo _silo = new() { OthersConnected = 3, ActiveWebsites = 12 };
    private readonly ScriptedAdmission _admission = new(_ => new TickOutcome(TickVerdict.Recorded, WebsiteHealth.Up));
    private readonly ValidatorSecurityOptions _security = new() { Auth = ValidatorAuthMode.None };
    private readonly ConnectionLimits _limits;
    private readonly ValidatorSession _session;

    public ValidatorSessionTests()
    {
        _limits = new ConnectionLimits(_security, _time);
        var ticks = new TickIntake(
            Guid.NewGuid(), _outbox, _admission, new RecordingTickQueue(), new RecordingLiveTicks(), new CheckTokens(RandomNumberGenerator.GetBytes(32)),
            new CanaryTargets(new HubOptions(), new CanaryOptions()), new CanaryRecord(), false, new HubCounters(), _time, NullLogger.Instance);
        _session = new ValidatorSession(
            Guid.NewGuid(), RemoteIp, new RegistrationCheck(_security, null, Nonce.Create()), _outbox, _grains, _silo, ticks, _limits,
            _security, new HubCounters(), _time, NullLogger.Instance);
    }

    [Fact]
    public async Task Tick_BeforeRegister_NotRegisteredAndNeverAdmitted()
    {
        await _session.HandleAsync(Tick());

        Assert.Equal(new ErrorMessage(ErrorCodes.NotRegistered, NotRegistered), Assert.Single(_outbox.Sent));
        Assert.Empty(_admission.Asked);
    }

    [Fact]
    public async Task Heartbeat_BeforeRegister_NotRegisteredAndTheGrainNotAsked()
    {
        await _session.HandleAsync(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime));

        Assert.Equal(new ErrorMessage(ErrorCodes.NotRegistered, NotRegistered), Assert.Single(_outbox.Sent));
        Assert.Empty(_grains.Heartbeats);
    }

    [Fact]
    public async Task Register_Accepted_GrainToldRegisteredWithTheCountIncludingThisConnectionThenJoined()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        var validatorId = ValidatorIds.FromPublicKey(_key.Address);
        Assert.Equal((validatorId, new ValidatorIdentity(_key.Address, "eu-west", RemoteIp)), Assert.Single(_grains.Registrations));
        Assert.Equal(new RegisteredMessage(validatorId, "Successfully registered", 4), Assert.Single(_outbox.Sent));
        Assert.True(_silo.Joined);
    }

    [Fact]
    public async Task Register_SayingWhenItLastReceivedChecks_JoinsAskingForTheChecksDueAfter()
    {
        var lastCheckAt = _time.GetUtcNow().UtcDateTime.AddSeconds(-12);

        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west", LastCheckAt: lastCheckAt));

        Assert.True(_silo.Joined);
        Assert.Equal(lastCheckAt, _silo.JoinedAfter);
    }

    [Fact]
    public async Task Tick_AfterRegister_AdmittedAsTheRegisteredValidator()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        await _session.HandleAsync(Tick());
        await _session.EndAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(ValidatorIds.FromPublicKey(_key.Address), Assert.Single(_admission.Asked).Report.ValidatorId);
        Assert.DoesNotContain(_outbox.Sent, m => m is ErrorMessage);
    }

    [Fact]
    public async Task Register_AsAnotherValidatorOnTheSameConnection_AlreadyRegisteredNamingTheFirst()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        await _session.HandleAsync(new RegisterMessage(ValidatorKey.Generate().Address, "us-east"));

        Assert.Equal(
            new ErrorMessage(ErrorCodes.AlreadyRegistered, $"This connection is registered as {_key.Address}; open a new connection for another validator"),
            _outbox.Sent[^1]);
        Assert.Single(_grains.Registrations);
        Assert.Equal(_key.Address, _session.PublicKey);
    }

    [Fact]
    public async Task Register_UnsignedWhenSignaturesAreRequired_RefusedClosedWith1008AndLaterFramesIgnored()
    {
        _security.Auth = ValidatorAuthMode.Signature;

        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));
        await _session.ReceiveAsync("{}"u8.ToArray());

        Assert.Equal(ErrorCodes.InvalidSignature, Assert.IsType<ErrorMessage>(Assert.Single(_outbox.Sent)).Code);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "registration refused: invalid_signature"), Assert.Single(_outbox.Closes));
        Assert.Empty(_grains.Registrations);
    }

    [Fact]
    public void Open_NoRegisterWithinTheTimeout_NotRegisteredAndClosedWith1008()
    {
        using var deadline = _session.Open();

        _time.Advance(_security.RegistrationTimeout);

        Assert.IsType<ChallengeMessage>(_outbox.Sent[0]);
        Assert.Equal(new ErrorMessage(ErrorCodes.NotRegistered, "no REGISTER within 30 s"), _outbox.Sent[^1]);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "no REGISTER within 30 s"), Assert.Single(_outbox.Closes));
    }

    [Fact]
    public async Task Open_RegisteredBeforeTheTimeout_StaysOpen()
    {
        using var deadline = _session.Open();
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        _time.Advance(_security.RegistrationTimeout);

        Assert.Empty(_outbox.Closes);
    }

    [Fact]
    public async Task Heartbeat_ReplacedByANewerConnection_LeavesAndClosesNormally()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));
        _grains.StillCurrent = false;

        await _session.HandleAsync(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime));

        Assert.False(_silo.Joined);
        Assert.Equal((WebSocketCloseStatus.NormalClosure, "replaced by a newer connection of the same validator"), Assert.Single(_outbox.Closes));
    }

    [Fact]
    public async Task Heartbeat_Registered_AckedWithTheActiveWebsites()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        await _session.HandleAsync(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime));

        Assert.Equal(new HeartbeatAckMessage(_time.GetUtcNow().UtcDateTime, 12), _outbox.Sent[^1]);
    }

    [Fact]
    public async Task Register_BannedValidator_BannedWithTheReasonClosedWith1008NotJoinedAndLaterFramesIgnored()
    {
        _grains.Standing = new ValidatorStanding(ValidatorState.Banned, "forged ticks");

        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));
        await _session.ReceiveAsync(MessageWriter.ToUtf8(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime)));

        Assert.Equal(
            new ErrorMessage(ErrorCodes.Banned, $"validator {_key.Address} is banned by an operator: forged ticks"), Assert.Single(_outbox.Sent));
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "registration refused: banned"), Assert.Single(_outbox.Closes));
        Assert.False(_silo.Joined);
        Assert.Null(_session.Validator);
        Assert.Empty(_grains.Heartbeats);
    }

    [Fact]
    public async Task Register_BannedWithoutReason_SaysNoReasonWasGiven()
    {
        _grains.Standing = new ValidatorStanding(ValidatorState.Banned);

        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        Assert.Equal(
            new ErrorMessage(ErrorCodes.Banned, $"validator {_key.Address} is banned by an operator (no reason given)"), Assert.Single(_outbox.Sent));
    }

    [Theory]
    [InlineData(ValidatorEnrollment.Open, ValidatorState.Active)]
    [InlineData(ValidatorEnrollment.Approval, ValidatorState.Pending)]
    public async Task Register_NewKey_StoredInTheStateTheEnrollmentModeGives(ValidatorEnrollment enrollment, ValidatorState expected)
    {
        _security.Enrollment = enrollment;

        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        Assert.Equal(expected, _grains.NewKeyState);
    }

    [Fact]
    public async Task Register_PendingValidator_PendingApprovalClosedWith1008AndNotJoined()
    {
        _grains.Standing = new ValidatorStanding(ValidatorState.Pending);

        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        var error = Assert.IsType<ErrorMessage>(Assert.Single(_outbox.Sent));
        Assert.Equal(ErrorCodes.PendingApproval, error.Code);
        Assert.StartsWith($"validator {_key.Address} is waiting for an operator's approval (HUB_VALIDATOR_ENROLLMENT=approval)", error.Message);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "registration refused: pending_approval"), Assert.Single(_outbox.Closes));
        Assert.False(_silo.Joined);
    }

    [Fact]
    public async Task Ban_RegisteredConnection_BannedLeavesClosesWith1008AndRefusesLaterTicks()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));

        _session.Ban("forged ticks");
        await _session.ReceiveAsync(MessageWriter.ToUtf8(Tick()));

        Assert.Equal(new ErrorMessage(ErrorCodes.Banned, $"validator {_key.Address} is banned by an operator: forged ticks"), _outbox.Sent[^1]);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "banned by an operator"), Assert.Single(_outbox.Closes));
        Assert.False(_silo.Joined);
        Assert.Empty(_admission.Asked);
    }

    [Fact]
    public async Task Heartbeat_ValidatorBannedMeanwhile_BannedAndClosedWith1008()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));
        _grains.Standing = new ValidatorStanding(ValidatorState.Banned, "forged ticks");
        _grains.StillCurrent = false;

        await _session.HandleAsync(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime));

        Assert.Equal(ErrorCodes.Banned, Assert.IsType<ErrorMessage>(_outbox.Sent[^1]).Code);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "banned by an operator"), Assert.Single(_outbox.Closes));
        Assert.False(_silo.Joined);
    }

    [Fact]
    public async Task Register_DatabaseUnavailable_UnavailableThenClosedWith1013SoTheClientReconnects()
    {
        _grains.Failure = ConnectionRefused();

        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));
        await _session.ReceiveAsync(MessageWriter.ToUtf8(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime)));

        var refusal = Assert.IsType<ErrorMessage>(Assert.Single(_outbox.Sent));
        Assert.Equal(ErrorCodes.Unavailable, refusal.Code);
        Assert.Contains("database is unavailable (no connection to PostgreSQL (ConnectionRefused))", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(((WebSocketCloseStatus)1013, "database unavailable; try again later"), Assert.Single(_outbox.Closes));
        Assert.False(_silo.Joined);
        Assert.Null(_session.Validator);
    }

    [Fact]
    public async Task Heartbeat_DatabaseUnavailable_UnavailableAndTheConnectionStays()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));
        _grains.Failure = ConnectionRefused();

        await _session.HandleAsync(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime));

        Assert.Equal(ErrorCodes.Unavailable, Assert.IsType<ErrorMessage>(_outbox.Sent[^1]).Code);
        Assert.Empty(_outbox.Closes);
        Assert.True(_silo.Joined);
    }

    [Fact]
    public async Task Heartbeat_OtherFailure_InternalErrorAndTheConnectionStays()
    {
        await _session.HandleAsync(new RegisterMessage(_key.Address, "eu-west"));
        _grains.Failure = new InvalidOperationException("a bug");

        await _session.HandleAsync(new HeartbeatMessage(_time.GetUtcNow().UtcDateTime));

        Assert.Equal(ErrorCodes.InternalError, Assert.IsType<ErrorMessage>(_outbox.Sent[^1]).Code);
        Assert.Empty(_outbox.Closes);
    }

    public void Dispose()
    {
        _session.Dispose();
        _limits.Dispose();
    }

    private static NpgsqlException ConnectionRefused() =>
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    private static TickResultMessage Tick() => new(Guid.NewGuid(), TickStatus.Good, 42, new DateTime(2026, 12, 6, 23, 59, 59, DateTimeKind.Utc), null);
}
