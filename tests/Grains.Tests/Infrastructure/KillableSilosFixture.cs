using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Uptime.Testing;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>
/// Two in-process silos with fast failure detection (1 s probes, 2 missed, 1 vote), for tests that kill a silo. The
/// grains' clock is fake and never advanced, so nothing here expires by age: only membership can remove a silo.
/// </summary>
public sealed class KillableSilosFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider FrozenTime { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync() =>
        _cluster = await KillableSilos.DeployAsync(services => services.AddSingleton<TimeProvider>(FrozenTime));

    public Task DisposeAsync() => KillableSilos.KillAndDisposeAsync(_cluster);
}
