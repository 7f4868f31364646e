using Microsoft.Extensions.DependencyInjection;
using Uptime.Grains.Tests.Infrastructure;

namespace Uptime.Grains.Tests;

/// <summary>The grain tests rely on this split: grains read the fake clock, timers run on real time.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFixtureTests(ClusterFixture fixture)
{
    [Fact]
    public void SiloServices_DefaultTimeProvider_IsTheFakeClockAndGrainTimersAreReal()
    {
        var services = fixture.Cluster.GetSiloServiceProvider();

        Assert.Same(fixture.Time, services.GetRequiredService<TimeProvider>());
        Assert.Same(TimeProvider.System, services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Grains));
        Assert.Same(TimeProvider.System, services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.SystemTimers));
        Assert.Same(TimeProvider.System, services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.ActivationManagement));
        Assert.Same(TimeProvider.System, services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership));
        Assert.Same(TimeProvider.System, services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Messaging));
    }
}
