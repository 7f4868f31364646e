using System.Collections.Immutable;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>A silo relay that drops every dispatch and live batch; the directory only stores references to it.</summary>
public sealed class NullSiloRelay : ISiloRelay
{
    public Task DispatchAsync(ImmutableArray<CheckItem> checks) => Task.CompletedTask;

    public Task PublishAsync(LiveBatch batch) => Task.CompletedTask;
}
