using System.Collections.Immutable;
using Uptime.Grains;
using Uptime.Hub.Live;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Dispatch;

/// <summary>This silo as the other silos reach it: their checks go to its validators, their live batches to its dashboards.</summary>
public sealed class SiloRelay(LocalValidators local, LiveStreams streams, LostSilos lostSilos) : ISiloRelay
{
    public Task DispatchAsync(string fromSiloId, ImmutableArray<CheckItem> checks)
    {
        lostSilos.Heard(fromSiloId, checks);
        return local.DispatchAsync(checks);
    }

    public Task PublishAsync(LiveBatch batch)
    {
        streams.Deliver(batch);
        return Task.CompletedTask;
    }
}
