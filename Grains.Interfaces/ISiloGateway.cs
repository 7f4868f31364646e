using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Uptime.Grains;

/// <summary>The validator connections held by one silo (a grain observer, one per silo).</summary>
public interface ISiloGateway : IGrainObserver
{
    /// <summary>Sends the checks to every validator connected to this silo.</summary>
    [OneWay]
    Task DispatchAsync(ImmutableArray<CheckItem> checks);
}
