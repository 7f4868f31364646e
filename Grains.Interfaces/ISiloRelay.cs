using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Uptime.Grains;

/// <summary>One silo as the other silos reach it (a grain observer, one per silo): its validator sockets and dashboard streams.</summary>
public interface ISiloRelay : IGrainObserver
{
    /// <summary>Sends the checks to every validator connected to this silo.</summary>
    [OneWay]
    Task DispatchAsync(ImmutableArray<CheckItem> checks);

    /// <summary>Passes what happened on another silo to this silo's live dashboard streams.</summary>
    [OneWay]
    Task PublishAsync(LiveBatch batch);
}
