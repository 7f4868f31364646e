using System.Collections.Immutable;
using System.Net;
using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

public sealed class DeadSilosTests
{
    private static readonly SiloAddress _alive = SiloAddress.New(IPAddress.Loopback, 11111, 1);
    private static readonly SiloAddress _dead = SiloAddress.New(IPAddress.Loopback, 11112, 1);
    private static readonly SiloAddress _restartedOld = SiloAddress.New(IPAddress.Loopback, 11113, 1);
    private static readonly SiloAddress _restartedNew = SiloAddress.New(IPAddress.Loopback, 11113, 2);
    private static readonly ISiloRelay _gateway = new NullSiloRelay();

    [Fact]
    public void WithoutDeadSilos_KeepsActiveAndUnknownSilos_DropsDeadAndReplacedOnes()
    {
        var membership = Membership(
            (_alive, SiloStatus.Active), (_dead, SiloStatus.Dead), (_restartedNew, SiloStatus.Active));
        string[] published =
        [
            _alive.ToParsableString(), _dead.ToParsableString(), _restartedOld.ToParsableString(),
            _restartedNew.ToParsableString(), "not-a-silo-address",
        ];

        var kept = published.Select(Entry).WithoutDeadSilos(membership);

        Assert.Equal(
            [_alive.ToParsableString(), _restartedNew.ToParsableString(), "not-a-silo-address"],
            kept.Select(entry => entry.SiloId));
    }

    private static ClusterMembershipSnapshot Membership(params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(
            members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())),
            new MembershipVersion(members.Length));

    private static SiloEntry Entry(string siloId) => new(siloId, _gateway, 1);
}
