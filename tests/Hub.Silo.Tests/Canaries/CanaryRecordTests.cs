using Uptime.Grains;
using Uptime.Hub.Canaries;

namespace Uptime.Hub.Tests.Canaries;

public sealed class CanaryRecordTests
{
    private static readonly DateTime _dueAt = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime _next = _dueAt.AddSeconds(30);

    private readonly CanaryRecord _record = new();
    private readonly Guid[] _canaries = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    [Fact]
    public void Start_First_NoPreviousRound()
    {
        Assert.Null(_record.Start(_dueAt, _canaries));
    }

    [Fact]
    public void Start_Next_CountsBadAndUnansweredLeavesRefusedOut()
    {
        _record.Start(_dueAt, _canaries);
        Assert.Null(Admit(_canaries[0], good: true));
        Assert.Null(Admit(_canaries[1], good: false, error: "Timeout after 10000 ms"));
        Assert.Null(Admit(_canaries[2], good: false, refused: true, error: "Refused: 10.0.0.5 is a private address"));

        Assert.Equal(new CanaryRound(_dueAt, 3, 2, "Timeout after 10000 ms"), _record.Start(_next, _canaries));
    }

    [Fact]
    public void Start_Next_UnansweredOnlyNamesTheMissingAnswer()
    {
        _record.Start(_dueAt, _canaries[..1]);

        Assert.Equal(new CanaryRound(_dueAt, 1, 1, "no answer before the next round"), _record.Start(_next, _canaries[..1]));
    }

    [Fact]
    public void Admit_SecondAnswerToOneCanary_Refused()
    {
        _record.Start(_dueAt, _canaries[..1]);
        Assert.Null(Admit(_canaries[0], good: false));

        Assert.Contains("already answered", Admit(_canaries[0], good: true), StringComparison.Ordinal);
        Assert.Equal(1, _record.Start(_next, _canaries[..1])!.Bad);
    }

    [Fact]
    public void Admit_CanaryOutsideTheRoundOrTokenOfAnEarlierRound_Refused()
    {
        Assert.Contains("not asked", Admit(_canaries[0], good: true), StringComparison.Ordinal);
        _record.Start(_dueAt, _canaries[..1]);

        Assert.Contains("not asked", Admit(_canaries[1], good: true), StringComparison.Ordinal);
        Assert.Contains("earlier round", Admit(_canaries[0], good: true, tokenDueAt: _dueAt.AddSeconds(-30)), StringComparison.Ordinal);
        Assert.Null(Admit(_canaries[0], good: true, tokenDueAt: _dueAt));
    }

    [Fact]
    public void Admit_WithoutTokenTimestampBeforeTheRound_Refused()
    {
        _record.Start(_dueAt, _canaries);

        Assert.Contains("outside the current round", Admit(_canaries[0], good: true, timestamp: _dueAt.AddSeconds(-31)), StringComparison.Ordinal);
        Assert.Null(Admit(_canaries[0], good: true, timestamp: _dueAt.AddSeconds(-29)));
    }

    private string? Admit(Guid canary, bool good, bool refused = false, string? error = null, DateTime? tokenDueAt = null, DateTime? timestamp = null) =>
        _record.Admit(canary, tokenDueAt, timestamp ?? _dueAt.AddSeconds(1), good, refused, error, _dueAt.AddSeconds(2));
}
