using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Uptime.Hub.Dispatch;

namespace Uptime.Hub.Tests.Dispatch;

public sealed class SiloActivityTests
{
    private static readonly SiloAddress _self = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    private readonly FakeTimeProvider _time = new();
    private readonly FakeMembership _membership = new();
    private readonly SiloActivity _activity;

    public SiloActivityTests() => _activity = new SiloActivity(_membership, new LocalSilo(), _time, NullLogger<SiloActivity>.Instance);

    [Fact]
    public async Task RoundsWithoutAPause_ActiveAsMembershipSays_NoTableRead()
    {
        _membership.Status = SiloStatus.Active;
        for (var round = 0; round < 10; round++)
        {
            await _activity.ConfirmAfterPauseAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            _activity.RoundEnded();
        }

        Assert.True(_activity.IsActive);
        Assert.Equal(0, _membership.Refreshes);

        _membership.Status = SiloStatus.ShuttingDown;
        Assert.False(_activity.IsActive);
    }

    [Fact]
    public async Task AfterAPause_InactiveUntilTheTableIsRead_ThenAsTheTableSays()
    {
        _membership.Status = SiloStatus.Active;
        _membership.StatusAfterRefresh = SiloStatus.Dead;
        _membership.RefreshGate = new TaskCompletionSource();
        _activity.RoundEnded();
        _time.Advance(SiloActivity.PauseThreshold + TimeSpan.FromSeconds(1));

        var confirming = _activity.ConfirmAfterPauseAsync(CancellationToken.None);

        Assert.False(_activity.IsActive);
        _membership.RefreshGate.SetResult();
        await confirming;
        Assert.Equal(1, _membership.Refreshes);
        Assert.False(_activity.IsActive);
    }

    [Fact]
    public async Task AfterAPause_TableSaysActive_ActiveAgain()
    {
        _membership.Status = SiloStatus.Active;
        _membership.StatusAfterRefresh = SiloStatus.Active;
        _activity.RoundEnded();
        _time.Advance(TimeSpan.FromSeconds(30));

        await _activity.ConfirmAfterPauseAsync(CancellationToken.None);

        Assert.True(_activity.IsActive);
    }

    [Fact]
    public async Task AfterAPause_TableUnreachable_StaysInactive_TriesAgainAfterTheTimeout()
    {
        _membership.Status = SiloStatus.Active;
        _membership.RefreshFails = true;
        _activity.RoundEnded();
        _time.Advance(TimeSpan.FromSeconds(30));

        await _activity.ConfirmAfterPauseAsync(CancellationToken.None);
        _activity.RoundEnded();
        await _activity.ConfirmAfterPauseAsync(CancellationToken.None);
        Assert.Equal(1, _membership.Refreshes);
        Assert.False(_activity.IsActive);

        _membership.RefreshFails = false;
        _time.Advance(SiloActivity.ConfirmationTimeout);
        await _activity.ConfirmAfterPauseAsync(CancellationToken.None);
        Assert.Equal(2, _membership.Refreshes);
        Assert.True(_activity.IsActive);
    }

    private sealed class LocalSilo : ILocalSiloDetails
    {
        public string Name => "silo";

        public string ClusterId => "test";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress => _self;

        public SiloAddress GatewayAddress => _self;
    }

    private sealed class FakeMembership : IClusterMembershipService
    {
        public SiloStatus Status { get; set; }

        public SiloStatus? StatusAfterRefresh { get; set; }

        public TaskCompletionSource? RefreshGate { get; set; }

        public bool RefreshFails { get; set; }

        public int Refreshes { get; private set; }

        public ClusterMembershipSnapshot CurrentSnapshot => new(
            ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(_self, new ClusterMember(_self, Status, "silo")), new MembershipVersion(Refreshes + 1));

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public async ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default)
        {
            Refreshes++;
            if (RefreshGate is { } gate)
            {
                await gate.Task;
            }

            if (RefreshFails)
            {
                throw new InvalidOperationException("membership table unreachable");
            }

            Status = StatusAfterRefresh ?? Status;
        }

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }
}
