using Uptime.Grains;

namespace Uptime.Hub.Gateway;

/// <summary>
/// Publishes this silo's gateway to the directory every few seconds and keeps the directory's answer, so that
/// dispatch and the validator count read a local snapshot instead of calling a grain.
/// </summary>
public sealed partial class GatewayPublisher(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    LocalConnections local,
    ILogger<GatewayPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan PublishPeriod = TimeSpan.FromSeconds(5);

    private ISiloGateway? _self;
    private IReadOnlyList<GatewayEntry> _gateways = [];

    public string SiloId { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>Every silo's gateway as of the last publication (this silo's included once published).</summary>
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PublishPeriod);
        do
        {
            try
            {
                var entries = await Directory.PublishAsync(new GatewayEntry(SiloId, _self!, local.Count));
                Volatile.Write(ref _gateways, entries);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPublishFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IGatewayDirectoryGrain Directory => grains.GetGrain<IGatewayDirectoryGrain>(0);

    [LoggerMessage(3101, LogLevel.Warning, "Publishing this silo's gateway failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string reason);
}
