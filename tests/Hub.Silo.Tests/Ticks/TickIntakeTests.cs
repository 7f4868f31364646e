using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Canaries;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Hosting;
using Uptime.Hub.Observability;
using Uptime.Hub.Tests.Validators;
using Uptime.Hub.Ticks;
using Uptime.Hub.Validators;
using Uptime.Protocol;
using Uptime.Security;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.Hub.Tests.Ticks;

public sealed class TickIntakeTests
{
    private static readonly DateTime _now = new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime _dueAt = _now.AddSeconds(-3);
    private static readonly ValidatorKey _key = ValidatorKey.Generate();

    private readonly CheckTokens _checkTokens = new(RandomNumberGenerator.GetBytes(32));
    private readonly RegisteredValidator _validator = new(Guid.NewGuid(), _key.Address, "eu-west", _key.PublicKey, _now.AddMinutes(-5));
    private readonly Guid _websiteId = Guid.NewGuid();
    private readonly Guid _tickId = Guid.NewGuid();
    private readonly RecordingOutbox _outbox = new();
    private readonly RecordingTickQueue _rows = new();
    private readonly RecordingLiveTicks _live = new();
    private readonly CanaryTargets _canaries = new(new HubOptions(), new CanaryOptions { Urls = ["https://canary.example/"] });
    private readonly CanaryRecord _canaryRound = new();

    [Fact]
    public async Task Accept_AnswerToAnIssuedCheck_StoredUnderTheCheckTickIdAcknowledgedToTheConnectionAndLive()
    {
        var admission = Answering(TickVerdict.Recorded);
        var token = _checkTokens.Issue(_websiteId, _validator.Id, _dueAt);

        await AcceptAsync(Intake(admission), Tick(token));

        var (websiteId, report) = Assert.Single(admission.Asked);
        Assert.Equal(_websiteId, websiteId);
        Assert.Equal(new TickReport(_validator.Id, true, 42, _now.AddSeconds(-1), null, _dueAt, _validator.RegisteredAt, "eu-west"), report);
        var row = Assert.Single(_rows.Rows);
        Assert.Equal(
            new TickRow(token.TickId, _websiteId, _validator.Id, _now.AddSeconds(-1), true, 42, null, _now, "eu-west", new TickAck(_outbox, _tickId)),
            row);
        Assert.Equal(
            new LiveTick(_websiteId, _validator.Id, "eu-west", true, 42, _now.AddSeconds(-1), null, WebsiteHealth.Up),
            Assert.Single(_live.Ticks));
        Assert.Empty(_outbox.Sent);
    }

    [Fact]
    public async Task Accept_CheckTokenIssuedToAnotherValidator_RefusedWithItsTickIdAndNeverAdmitted()
    {
        var admission = Answering(TickVerdict.Recorded);
        var token = _checkTokens.Issue(_websiteId, Guid.NewGuid(), _dueAt);

        await AcceptAsync(Intake(admission), Tick(token));

        Assert.Equal(
            new ErrorMessage(
                ErrorCodes.UnexpectedTick, $"payload.checkToken was not sent to {_key.Address} for website {_websiteId}; tick not stored", _tickId),
            Assert.Single(_outbox.Sent));
        Assert.Empty(admission.Asked);
        Assert.Empty(_rows.Rows);
    }

    [Fact]
    public async Task Accept_UnknownWebsite_RefusedWithItsTickIdNothingStored()
    {
        await AcceptAsync(Intake(Answering(TickVerdict.UnknownWebsite)), Tick(null));

        Assert.Equal(
            new ErrorMessage(ErrorCodes.UnknownWebsite, $"websiteId {_websiteId} is not a monitored website; tick rejected", _tickId),
            Assert.Single(_outbox.Sent));
        Assert.Empty(_rows.Rows);
        Assert.Empty(_live.Ticks);
    }

    [Theory]
    [InlineData(TickVerdict.Unexpected, ErrorCodes.UnexpectedTick)]
    [InlineData(TickVerdict.BadTimestamp, ErrorCodes.InvalidField)]
    public async Task Accept_WebsiteRefuses_ErrorCarriesTheWebsitesReasonAndTheTickId(TickVerdict verdict, string code)
    {
        await AcceptAsync(Intake(Answering(verdict, error: "the website's reason")), Tick(null));

        Assert.Equal(new ErrorMessage(code, "the website's reason", _tickId), Assert.Single(_outbox.Sent));
        Assert.Empty(_rows.Rows);
        Assert.Empty(_live.Ticks);
    }

    [Fact]
    public async Task Accept_LateAnswer_StoredButNotLive()
    {
        await AcceptAsync(Intake(Answering(TickVerdict.Late)), Tick(_checkTokens.Issue(_websiteId, _validator.Id, _dueAt)));

        Assert.Single(_rows.Rows);
        Assert.Empty(_live.Ticks);
        Assert.Empty(_outbox.Sent);
    }

    [Fact]
    public async Task Accept_WithoutCheckToken_StoredUnderTheTickIdOfTheCheckTheWebsiteMatched()
    {
        var admission = Answering(TickVerdict.Recorded);

        await AcceptAsync(Intake(admission), Tick(null) with { TickId = null });

        Assert.Null(Assert.Single(admission.Asked).Report.DueAt);
        var row = Assert.Single(_rows.Rows);
        Assert.Equal(_checkTokens.TickId(_websiteId, _validator.Id, _dueAt), row.Id);
        Assert.Null(row.Ack);
    }

    [Fact]
    public async Task Accept_TickQueueFull_NeitherStoredNorLiveNorRefused()
    {
        var full = new RecordingTickQueue(full: true);

        await AcceptAsync(Intake(Answering(TickVerdict.Recorded), rows: full), Tick(null));

        Assert.Empty(full.Rows);
        Assert.Empty(_live.Ticks);
        Assert.Empty(_outbox.Sent);
    }

    [Fact]
    public async Task Accept_UnsignedWhenTicksMustBeSigned_InvalidSignatureWithItsTickIdNeverAdmitted()
    {
        var admission = Answering(TickVerdict.Recorded);

        await AcceptAsync(Intake(admission, requireSignedTicks: true), Tick(null));

        var error = Assert.IsType<ErrorMessage>(Assert.Single(_outbox.Sent));
        Assert.Equal(ErrorCodes.InvalidSignature, error.Code);
        Assert.Equal(_tickId, error.TickId);
        Assert.Empty(admission.Asked);
    }

    [Fact]
    public async Task Accept_SignedByTheRegisteredKeyWhenTicksMustBeSigned_Stored()
    {
        var tick = Tick(null);
        var signed = tick with
        {
            Signature = _key.SignPersonalMessage(SignedTexts.Tick(tick.WebsiteId, "Good", tick.Latency, tick.Timestamp, tick.Error, tick.TickId)),
        };

        await AcceptAsync(Intake(Answering(TickVerdict.Recorded), requireSignedTicks: true), signed);

        Assert.Single(_rows.Rows);
        Assert.Empty(_outbox.Sent);
    }

    [Fact]
    public async Task Accept_WebsiteFails_InternalErrorNamingTheWebsiteNothingStored()
    {
        var failing = new ScriptedAdmission(_ => throw new TimeoutException("silo away"));

        await AcceptAsync(Intake(failing), Tick(null));

        Assert.Equal(
            new ErrorMessage(ErrorCodes.InternalError, $"Tick for {_websiteId} could not be recorded; try again"),
            Assert.Single(_outbox.Sent));
        Assert.Empty(_rows.Rows);
    }

    [Fact]
    public async Task Accept_WebsiteGrainCannotReadTheDatabase_UnavailableWithoutTickIdSoTheAgentSendsItAgain()
    {
        var failing = new ScriptedAdmission(_ => throw new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)));

        await AcceptAsync(Intake(failing), Tick(null));

        var error = Assert.IsType<ErrorMessage>(Assert.Single(_outbox.Sent));
        Assert.Equal(ErrorCodes.Unavailable, error.Code);
        Assert.Null(error.TickId);
        Assert.Contains(_websiteId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(_rows.Rows);
    }

    [Fact]
    public async Task Accept_RefusedTick_ReportedAndStoredAsRefusedAndConfirmationFromTheOutcome()
    {
        var admission = new ScriptedAdmission(_ => new TickOutcome(TickVerdict.Recorded, WebsiteHealth.Up, _dueAt, Confirmation: true));
        var tick = Tick(_checkTokens.Issue(_websiteId, _validator.Id, _dueAt)) with
        {
            Status = TickStatus.Bad,
            Error = "Refused: 127.0.0.1 is a loopback address",
            Refused = true,
        };

        await AcceptAsync(Intake(admission), tick);

        var (_, report) = Assert.Single(admission.Asked);
        Assert.Equal(("eu-west", true, null), (report.Region, report.Refused, report.Signature));
        var row = Assert.Single(_rows.Rows);
        Assert.Equal((true, true), (row.Refused, row.Confirmation));
    }

    [Fact]
    public async Task Accept_SignedTickWhereSignaturesAreRequired_ReportCarriesTheSignature()
    {
        var admission = Answering(TickVerdict.Recorded);
        var tick = Tick(_checkTokens.Issue(_websiteId, _validator.Id, _dueAt));
        var signed = tick with
        {
            Signature = _key.SignPersonalMessage(SignedTexts.Tick(_websiteId, "Good", 42, tick.Timestamp, null, _tickId)),
        };

        await AcceptAsync(Intake(admission, requireSignedTicks: true), signed);

        Assert.Equal(signed.Signature, Assert.Single(admission.Asked).Report.Signature);
    }

    [Fact]
    public async Task Accept_AnswerToTheCurrentCanaryRound_AcknowledgedAtOnceNeitherAdmittedNorStored()
    {
        var admission = Answering(TickVerdict.Recorded);
        var canary = _canaries.All[0].Id;
        _canaryRound.Start(_dueAt, [canary]);
        var token = _checkTokens.Issue(canary, _validator.Id, _dueAt);

        await AcceptAsync(Intake(admission), Tick(token) with { WebsiteId = canary });

        Assert.Equal([_tickId], _outbox.Acknowledged);
        Assert.Empty(_outbox.Sent);
        Assert.Empty(admission.Asked);
        Assert.Empty(_rows.Rows);
        _canaryRound.Start(_dueAt.AddSeconds(10), [canary]);
        Assert.Equal(new CanaryRound(_dueAt, 1, 0), _canaryRound.Start(_dueAt.AddSeconds(20), [canary]));
    }

    [Fact]
    public async Task Accept_CanaryTickForNoRoundSentToThisConnection_RefusedAsUnexpectedWithItsTickId()
    {
        var admission = Answering(TickVerdict.Recorded);
        var canary = _canaries.All[0].Id;

        await AcceptAsync(Intake(admission), Tick(null) with { WebsiteId = canary, Status = TickStatus.Bad });

        var error = Assert.IsType<ErrorMessage>(Assert.Single(_outbox.Sent));
        Assert.Equal((ErrorCodes.UnexpectedTick, _tickId), (error.Code, error.TickId));
        Assert.Empty(_outbox.Acknowledged);
        Assert.Empty(admission.Asked);
        Assert.Empty(_rows.Rows);
    }

    [Fact]
    public async Task Accept_CanaryTokenOfAnotherValidator_RefusedAndTheRoundStillUnanswered()
    {
        var canary = _canaries.All[0].Id;
        _canaryRound.Start(_dueAt, [canary]);
        var forged = _checkTokens.Issue(canary, Guid.NewGuid(), _dueAt);

        await AcceptAsync(Intake(Answering(TickVerdict.Recorded)), Tick(forged) with { WebsiteId = canary });

        Assert.Equal(ErrorCodes.UnexpectedTick, Assert.IsType<ErrorMessage>(Assert.Single(_outbox.Sent)).Code);
        Assert.Empty(_outbox.Acknowledged);
        _canaryRound.Start(_dueAt.AddSeconds(10), [canary]);
        Assert.Equal(new CanaryRound(_dueAt, 1, 1, "no answer within two rounds"), _canaryRound.Start(_dueAt.AddSeconds(20), [canary]));
    }

    private static ScriptedAdmission Answering(TickVerdict verdict, string? error = null) =>
        new(_ => new TickOutcome(verdict, WebsiteHealth.Up, _dueAt, error));

    private TickIntake Intake(ScriptedAdmission admission, bool requireSignedTicks = false, RecordingTickQueue? rows = null) =>
        new(Guid.NewGuid(), _outbox, admission, rows ?? _rows, _live, _checkTokens, _canaries, _canaryRound, requireSignedTicks, new HubCounters(),
            new FakeTimeProvider(_now), NullLogger.Instance);

    private TickResultMessage Tick(CheckToken? token) =>
        new(_websiteId, TickStatus.Good, 42, _now.AddSeconds(-1), null, _tickId, CheckToken: token?.ToString());

    private async Task AcceptAsync(TickIntake intake, TickResultMessage tick)
    {
        await intake.AcceptAsync(_validator, tick);
        await intake.WaitForTicksInFlightAsync(TimeSpan.FromSeconds(5));
    }
}
