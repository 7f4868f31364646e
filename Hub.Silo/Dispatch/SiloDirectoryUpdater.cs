using Uptime.Grains;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Dispatch;

/// <summary>
/// Publishes this silo's relay to the directory every few seconds and keeps the directory's answer, so that
/// dispatch and the validator count read a local snapshot instead of calling a grain. The snapshot follows this
/// silo's view of cluster membership: a silo declared dead leaves it at once, not at the next publication.
/// </summary>
public sealed partial class SiloDirectoryUpdater(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    LocalValidators local,
    ILogger<SiloDirectoryUpdater> logger) : BackgroundService
{
    public static readonly TimeSpan PublishPeriod = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private ISiloRelay? _self;
    private IReadOnlyList<SiloEntry> _published = [];
    private IReadOnlyList<SiloEntry> _silos = [];

    public string SiloId { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>
    /// Every silo's relay as of the last publication (this silo's included once published), less the silos that
    /// membership has declared dead since.
    /// </summary>
    public IReadOnlyList<SiloEntry> Silos => Volatile.Read(ref _silos);

    /// <summary>Validators connected cluster-wide: this silo's live count plus the others' last published counts.</summary>
    public int ConnectedValidators() =>
        local.Count + Silos.Where(g => g.SiloId != SiloId).Sum(g => g.ConnectedValidators);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<ISiloRelay>(local);
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
                KeepLiveSilos(await Directory.PublishAsync(new SiloEntry(SiloId, _self!, local.Count)));
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
                KeepLiveSilos(published: null);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMembershipFollowFailed(logger, e.Message);
        }
    }

    /// <summary>Filters the last published list (or <paramref name="published"/>, a newer one) by current membership.</summary>
    private void KeepLiveSilos(IReadOnlyList<SiloEntry>? published)
    {
        lock (_gate)
        {
            _published = published ?? _published;
            Volatile.Write(ref _silos, _published.WithoutDeadSilos(membership.CurrentSnapshot));
        }
    }

    private ISiloDirectoryGrain Directory => grains.GetGrain<ISiloDirectoryGrain>(0);

    [LoggerMessage(3101, LogLevel.Warning, "Publishing this silo's relay failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    [LoggerMessage(3102, LogLevel.Warning, "Following cluster membership failed; dead silos now leave the list of silos at the next publication: {Reason}")]
    private static partial void LogMembershipFollowFailed(ILogger logger, string reason);
}
