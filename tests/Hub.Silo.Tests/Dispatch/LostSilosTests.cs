using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Uptime.Grains;
using Uptime.Hub.Dispatch;

namespace Uptime.Hub.Tests.Dispatch;

public sealed class LostSilosTests
{
    private static readonly SiloAddress _a = Silo(1);
    private static readonly SiloAddress _b = Silo(2);
    private static readonly DateTime _slot = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(_slot.AddSeconds(3)));
    private readonly LostSilos _lost;

    private readonly FakeMembership _membership = new();

    public LostSilosTests() => _lost = new LostSilos(_membership, _time);

    [Fact]
    public void NoSiloLeft_NothingToTakeOver()
    {
        Members((_a, SiloStatus.Active), (_b, SiloStatus.Active));
        _lost.Heard(Id(_a), Checks(_slot));

        Assert.Null(_lost.SentUntil);
    }

    [Fact]
    public void ActiveSiloDeclaredDead_SentUntilTheLatestDueTimeItRelayed()
    {
        Members((_a, SiloStatus.Active), (_b, SiloStatus.Active));
        _lost.Heard(Id(_a), Checks(_slot.AddSeconds(-10), _slot, _slot.AddSeconds(-5)));
        _lost.Heard(Id(_a), Checks(_slot.AddSeconds(-1)));
        _lost.Heard(Id(_b), Checks(_slot.AddSeconds(2)));

        Members((_a, SiloStatus.Dead), (_b, SiloStatus.Active));

        Assert.Equal(_slot, _lost.SentUntil);
    }

    [Fact]
    public void AskedBeforeTheMembershipLoopFollowedTheNewView_AnswersFromTheCurrentView()
    {
        Members((_a, SiloStatus.Active));
        _lost.Heard(Id(_a), Checks(_slot));

        Members((_a, SiloStatus.Dead), follow: false);

        Assert.Equal(_slot, _lost.SentUntil);
    }

    [Fact]
    public void ShuttingDownThenDead_LostOnce()
    {
        Members((_a, SiloStatus.Active));
        _lost.Heard(Id(_a), Checks(_slot));
        Members((_a, SiloStatus.ShuttingDown));
        _lost.Heard(Id(_a), Checks(_slot.AddSeconds(1)));
        Members((_a, SiloStatus.Dead));

        Assert.Equal(_slot, _lost.SentUntil);
    }

    [Fact]
    public void LostSiloThatRelayedNothingHere_SentUntilItWasLost()
    {
        Members((_a, SiloStatus.Active));
        _time.Advance(TimeSpan.FromSeconds(4));

        Members((_a, SiloStatus.Dead));

        Assert.Equal(_time.GetUtcNow().UtcDateTime, _lost.SentUntil);
    }

    [Fact]
    public void SiloAlreadyDeadWhenThisSiloStarted_NotLost()
    {
        Members((_a, SiloStatus.Dead), (_b, SiloStatus.Active));
        Members((_a, SiloStatus.Dead), (_b, SiloStatus.Active));

        Assert.Null(_lost.SentUntil);
    }

    [Fact]
    public void TwoSilosLost_TheLaterOfWhatTheySent()
    {
        Members((_a, SiloStatus.Active), (_b, SiloStatus.Active));
        _lost.Heard(Id(_a), Checks(_slot));
        _lost.Heard(Id(_b), Checks(_slot.AddSeconds(-20)));

        Members((_a, SiloStatus.Dead), (_b, SiloStatus.Active));
        Members((_a, SiloStatus.Dead), (_b, SiloStatus.Dead));

        Assert.Equal(_slot, _lost.SentUntil);
    }

    [Fact]
    public void LostSilo_ForgottenAfterTheMemory()
    {
        Members((_a, SiloStatus.Active));
        _lost.Heard(Id(_a), Checks(_slot));
        Members((_a, SiloStatus.Dead));

        _time.Advance(LostSilos.Memory - TimeSpan.FromSeconds(1));
        Assert.Equal(_slot, _lost.SentUntil);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(_lost.SentUntil);
    }

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + port), 1);

    private static string Id(SiloAddress silo) => silo.ToParsableString();

    private static ImmutableArray<CheckItem> Checks(params DateTime[] dueTimes) =>
        [.. dueTimes.Select(due => new CheckItem(Guid.NewGuid(), "http://127.0.0.1/", 10, due))];

    /// <summary>A new membership view, followed (unless told not to) as the silo's loop follows each update.</summary>
    private void Members((SiloAddress Silo, SiloStatus Status) first, (SiloAddress Silo, SiloStatus Status)? second = null, bool follow = true)
    {
        var members = second is { } other ? new[] { first, other } : [first];
        _membership.CurrentSnapshot = new(
            members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, "silo")),
            new MembershipVersion(_membership.CurrentSnapshot.Version.Value + 1));
        if (follow)
        {
            _lost.Follow(_membership.CurrentSnapshot);
        }
    }

    private sealed class FakeMembership : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot { get; set; } = new(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, new MembershipVersion(0));

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }
}
