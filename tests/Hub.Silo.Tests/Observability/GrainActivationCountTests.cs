using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Metadata;
using Orleans.TestingHost;
using Uptime.Hub.Observability;

namespace Uptime.Hub.Tests.Observability;

public sealed class GrainActivationCountTests
{
    [Fact]
    public void Value_OrleansCreatesAndDestroysActivations_CountsOnlyItsGrainType()
    {
        var grainType = GrainType.Create($"test-{Guid.NewGuid():N}");
        using var count = new GrainActivationCount(grainType);
        using var orleans = new Meter(GrainActivationCount.OrleansMeterName);
        var grains = orleans.CreateUpDownCounter<int>(GrainActivationCount.GrainCountsInstrument);

        grains.Add(1, Tag(grainType));
        grains.Add(1, Tag(grainType));
        grains.Add(1, Tag(GrainType.Create("other")));
        grains.Add(-1, Tag(grainType));
        grains.Add(1, Tag(grainType));

        Assert.Equal(2, count.Value);
    }

    [Fact]
    public void Value_MoreDestroyedThanSeenCreated_NeverNegative()
    {
        var grainType = GrainType.Create($"test-{Guid.NewGuid():N}");
        using var count = new GrainActivationCount(grainType);
        using var orleans = new Meter(GrainActivationCount.OrleansMeterName);
        var grains = orleans.CreateUpDownCounter<int>(GrainActivationCount.GrainCountsInstrument);

        grains.Add(-1, Tag(grainType));

        Assert.Equal(0, count.Value);
    }

    [Fact]
    public void Value_OtherInstrumentsOfOrleans_Ignored()
    {
        var grainType = GrainType.Create($"test-{Guid.NewGuid():N}");
        using var count = new GrainActivationCount(grainType);
        using var orleans = new Meter(GrainActivationCount.OrleansMeterName);
        var other = orleans.CreateUpDownCounter<int>("orleans-system-targets");

        other.Add(5, Tag(grainType));

        Assert.Equal(0, count.Value);
    }

    [Fact]
    public async Task Value_RealSiloActivatesAndDeactivatesGrains_FollowsActivations()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grainType = cluster.Silos[0].ServiceProvider.GetRequiredService<GrainTypeResolver>().GetGrainType(typeof(ActivationProbeGrain));
        using var count = new GrainActivationCount(grainType);
        var probes = Enumerable.Range(0, 3).Select(_ => cluster.Client.GetGrain<IActivationProbeGrain>(Guid.NewGuid())).ToList();

        await Task.WhenAll(probes.Select(p => p.PingAsync()));
        Assert.Equal(3, count.Value);

        await probes[0].DeactivateAsync();
        await WaitUntilAsync(() => count.Value == 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, count.Value);
    }

    [Fact]
    public void Value_TagAsString_Counted()
    {
        var grainType = GrainType.Create($"test-{Guid.NewGuid():N}");
        using var count = new GrainActivationCount(grainType);
        using var orleans = new Meter(GrainActivationCount.OrleansMeterName);
        var grains = orleans.CreateUpDownCounter<long>(GrainActivationCount.GrainCountsInstrument);

        grains.Add(4, new KeyValuePair<string, object?>(GrainActivationCount.GrainTypeTag, grainType.ToString()));

        Assert.Equal(4, count.Value);
    }

    private static KeyValuePair<string, object?> Tag(GrainType grainType) => new(GrainActivationCount.GrainTypeTag, grainType);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition() && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }
}
