using Uptime.Hub.Ticks;
using Uptime.Protocol;
using Uptime.Security;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.Hub.Tests.Ticks;

public sealed class TickSignatureTests
{
    private static readonly ValidatorKey _key = ValidatorKey.Generate();

    private static readonly TickResultMessage _tick = new(
        Guid.Parse("7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11"), TickStatus.Bad, 12.5, new DateTime(2025, 11, 20, 12, 0, 0, 125, DateTimeKind.Utc),
        "HTTP 503", Guid.Parse("0197a3c4-0000-7000-8000-000000000001"));

    [Fact]
    public void Problem_SignedByTheKeyOverItsFields_None()
    {
        Assert.Null(TickSignature.Problem(_key.PublicKey, Sign(_key, _tick)));
    }

    [Fact]
    public void Problem_GoodTickWithoutErrorOrTickId_None()
    {
        var tick = _tick with { Status = TickStatus.Good, Error = null, TickId = null };

        Assert.Null(TickSignature.Problem(_key.PublicKey, Sign(_key, tick)));
    }

    [Fact]
    public void Problem_RefusedTickSignedWithItsRefusal_None()
    {
        Assert.Null(TickSignature.Problem(_key.PublicKey, Sign(_key, _tick with { Refused = true })));
    }

    [Fact]
    public void Problem_SignedByAnAgentThatPredatesRefused_StillValid()
    {
        const string TextBeforeRefusedExisted =
            "Uptime tick\nwebsiteId: 7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11\nstatus: Bad\nlatency: 12.5\ntimestamp: 2025-11-20T12:00:00.1250000Z\n"
            + "error: HTTP 503\ntickId: 0197a3c4-0000-7000-8000-000000000001";

        Assert.Null(TickSignature.Problem(_key.PublicKey, _tick with { Signature = _key.SignPersonalMessage(TextBeforeRefusedExisted) }));
    }

    [Fact]
    public void Problem_Unsigned_SaysMissing()
    {
        Assert.Contains("payload.signature is missing", TickSignature.Problem(_key.PublicKey, _tick), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_SignedByAnotherKey_NamesTheRegisteredAddress()
    {
        var problem = TickSignature.Problem(_key.PublicKey, Sign(ValidatorKey.Generate(), _tick));

        Assert.StartsWith($"payload.signature is not {_key.Address}'s signature", problem, StringComparison.Ordinal);
    }

    public static TheoryData<TickResultMessage> Tampered => new()
    {
        _tick with { Status = TickStatus.Good },
        _tick with { Latency = 12.6 },
        _tick with { Timestamp = _tick.Timestamp.AddMilliseconds(1) },
        _tick with { Error = null },
        _tick with { WebsiteId = Guid.NewGuid() },
        _tick with { TickId = Guid.NewGuid() },
        _tick with { Refused = true },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Problem_FieldChangedAfterSigning_Refused(TickResultMessage tampered)
    {
        var signature = Sign(_key, _tick).Signature;

        Assert.NotNull(TickSignature.Problem(_key.PublicKey, tampered with { Signature = signature }));
    }

    [Fact]
    public void Problem_MalformedSignature_Refused()
    {
        Assert.NotNull(TickSignature.Problem(_key.PublicKey, _tick with { Signature = "0xzz" }));
    }

    private static TickResultMessage Sign(ValidatorKey key, TickResultMessage tick) =>
        tick with
        {
            Signature = key.SignPersonalMessage(SignedTexts.Tick(
                tick.WebsiteId, tick.Status.ToString(), tick.Latency, tick.Timestamp, tick.Error, tick.TickId, tick.Refused)),
        };
}
