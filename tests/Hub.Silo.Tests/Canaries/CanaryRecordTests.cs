using Uptime.Grains;
using Uptime.Hub.Canaries;

namespace Uptime.Hub.Tests.Canaries;

public sealed class CanaryRecordTests
{
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(10);
    private static readonly DateTime _dueAt = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);

    private readonly CanaryRecord _record = new();
    private readonly Guid[] _canaries = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    [Fact]
    public void Start_FirstTwoRounds_NothingEndedYet()
    {
        Assert.Null(_record.Start(_dueAt, _canaries));
        Assert.Null(_record.Start(_dueAt + _interval, _canaries));
    }

    [Fact]
    public void Start_Third_EndsTheFirstCountingBadAndUnansweredLeavingRefusedOut()
    {
        _record.Start(_dueAt, _canaries);
        Assert.Null(Admit(_canaries[0], good: true));
        Assert.Null(Admit(_canaries[2], good: false, refused: true, error: "Refused: 10.0.0.5 is a private address"));
        _record.Start(_dueAt + _interval, _canaries);
        Assert.Null(Admit(_canaries[1], good: false, error: "Timeout after 10000 ms", tokenDueAt: _dueAt, now: _dueAt.AddSeconds(11)));

        Assert.Equal(new CanaryRound(_dueAt, 3, 2, "Timeout after 10000 ms"), _record.Start(_dueAt + (2 * _interval), _canaries));
    }

    [Fact]
    public void Start_Third_UnansweredOnlyNamesTheMissingAnswer()
    {
        _record.Start(_dueAt, _canaries[..1]);
        _record.Start(_dueAt + _interval, _canaries[..1]);

        Assert.Equal(new CanaryRound(_dueAt, 1, 1, "no answer within two rounds"), _record.Start(_dueAt + (2 * _interval), _canaries[..1]));
    }

    [Fact]
    public void Admit_SecondAnswerToOneCanaryOfARound_Refused()
    {
        _record.Start(_dueAt, _canaries[..1]);
        Assert.Null(Admit(_canaries[0], good: false));

        Assert.Contains("already answered", Admit(_canaries[0], good: true), StringComparison.Ordinal);
        _record.Start(_dueAt + _interval, _canaries[..1]);
        Assert.Equal(1, _record.Start(_dueAt + (2 * _interval), _canaries[..1])!.Bad);
    }

    [Fact]
    public void Admit_CanaryNotInTheRoundOrTokenOfNoOpenRound_Refused()
    {
        Assert.Contains("no open canary round", Admit(_canaries[0], good: true), StringComparison.Ordinal);
        _record.Start(_dueAt, _canaries[..1]);
        _record.Start(_dueAt + _interval, _canaries[..1]);
        _record.Start(_dueAt + (2 * _interval), _canaries[..1]);
        var now = _dueAt + (2 * _interval) + TimeSpan.FromSeconds(1);

        Assert.Contains("not asked", Admit(_canaries[1], good: true, now: now), StringComparison.Ordinal);
        Assert.Contains("no open canary round", Admit(_canaries[0], good: true, tokenDueAt: _dueAt, now: now), StringComparison.Ordinal);
        Assert.Null(Admit(_canaries[0], good: true, tokenDueAt: _dueAt + _interval, now: now));
        Assert.Null(Admit(_canaries[0], good: true, tokenDueAt: _dueAt + (2 * _interval), now: now));
    }

    [Fact]
    public void Admit_WithoutToken_TheLatestRoundDueByTheTimestampOrTheOldestWithinTheTolerance()
    {
        _record.Start(_dueAt, _canaries[..1]);
        _record.Start(_dueAt + _interval, _canaries[..1]);
        var now = _dueAt + _interval + TimeSpan.FromSeconds(2);

        Assert.Null(Admit(_canaries[0], good: false, timestamp: _dueAt.AddSeconds(9), now: now));
        Assert.Null(Admit(_canaries[0], good: true, timestamp: _dueAt.AddSeconds(11), now: now));
        Assert.Contains("already answered", Admit(_canaries[0], good: true, timestamp: _dueAt.AddSeconds(-29), now: now), StringComparison.Ordinal);
        Assert.Contains("no open canary round", Admit(_canaries[0], good: true, timestamp: _dueAt.AddSeconds(-31), now: now), StringComparison.Ordinal);
        Assert.Contains("no open canary round", Admit(_canaries[0], good: true, timestamp: now.AddSeconds(31), now: now), StringComparison.Ordinal);
        Assert.Equal(new CanaryRound(_dueAt, 1, 1, "Bad"), _record.Start(_dueAt + (2 * _interval), _canaries[..1]));
        Assert.Equal(new CanaryRound(_dueAt + _interval, 1, 0), _record.Start(_dueAt + (3 * _interval), _canaries[..1]));
    }

    private string? Admit(
        Guid canary, bool good, bool refused = false, string? error = null, DateTime? tokenDueAt = null, DateTime? timestamp = null, DateTime? now = null) =>
        _record.Admit(canary, tokenDueAt, timestamp ?? _dueAt.AddSeconds(1), good, refused, error, now ?? _dueAt.AddSeconds(2));
}
