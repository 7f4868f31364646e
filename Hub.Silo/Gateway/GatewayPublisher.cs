using Uptime.Grains;

namespace Uptime.Hub.Gateway;

/// <summary>
/// Publishes this silo's gateway to the directory every few seconds and keeps the directory's answer, so that
/// dispatch and the validator count read a local snapshot instead of calling a grain. The snapshot follows this
/// silo's view of cluster membership: a silo declared dead leaves it at once, not at the next publication.
/// </summary>
public sealed partial class GatewayPublisher(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    LocalConnections local,
    ILogger<GatewayPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan PublishPeriod = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private ISiloGateway? _self;
    private IReadOnlyList<GatewayEntry> _published = [];
    private IReadOnlyList<GatewayEntry> _gateways = [];

    public string SiloId { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>
    /// Every silo's gateway as of the last publication (this silo's included once published), less the silos that
    /// membership has declared dead since.
    /// </summary>
    public IReadOnlyList<GatewayEntry> Gateways => Volatile.Read(ref _gateways);

    /// <summary>Validators connected cluster-wide: this silo's live count plus the others' last published counts.</summary>
    public int ConnectedValidators() =>
        local.Count + Gateways.Where(g => g.SiloId != SiloId).Sum(g => g.ConnectedValidators);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<ISiloGateway>(local);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Directory.RemoveAsync(SiloId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, e.Message);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(PublishPeriodicallyAsync(stoppingToken), FollowMembershipAsync(stoppingToken));

    private async Task PublishPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PublishPeriod);
        do
        {
            try
            {
                KeepLiveGateways(await Directory.PublishAsync(new GatewayEntry(SiloId, _self!, local.Count)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPublishFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task FollowMembershipAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                KeepLiveGateways(published: null);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMembershipFollowFailed(logger, e.Message);
        }
    }

    /// <summary>Filters the last published list (or <paramref name="published"/>, a newer one) by current membership.</summary>
    private void KeepLiveGateways(IReadOnlyList<GatewayEntry>? published)
    {
        lock (_gate)
        {
            _published = published ?? _published;
            Volatile.Write(ref _gateways, _published.WithoutDeadSilos(membership.CurrentSnapshot));
        }
    }

    private IGatewayDirectoryGrain Directory => grains.GetGrain<IGatewayDirectoryGrain>(0);

    [LoggerMessage(3101, LogLevel.Warning, "Publishing this silo's gateway failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    [LoggerMessage(3102, LogLevel.Warning, "Following cluster membership failed; dead silos now leave the gateway list at the next publication: {Reason}")]
    private static partial void LogMembershipFollowFailed(ILogger logger, string reason);
}
