using System.Collections.Immutable;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>A silo gateway that drops every dispatch and live batch; the directory only stores references to it.</summary>
public sealed class NullSiloGateway : ISiloGateway
{
    public Task DispatchAsync(ImmutableArray<CheckItem> checks) => Task.CompletedTask;

    public Task PublishAsync(LiveBatch batch) => Task.CompletedTask;
}
