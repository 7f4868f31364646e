using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Live;
using Uptime.Hub.Validators;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Dispatch;

/// <summary>
/// Two in-process silos, each running a <see cref="SiloDirectoryUpdater"/>, with fast failure detection: a killed silo
/// must leave the survivor's dispatch targets (<see cref="SiloDirectoryUpdater.Silos"/>) once membership declares it
/// dead, not at the survivor's next publication.
/// </summary>
public sealed class SiloDirectoryUpdaterTests : IAsyncLifetime
{
    private static readonly TimeSpan _waitLimit = TimeSpan.FromSeconds(15);
    private InProcessTestCluster? _cluster;

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync() =>
        _cluster = await KillableSilos.DeployAsync(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<LiveStreams>();
            services.AddSingleton<LocalValidators>();
            services.AddSingleton<SiloDirectoryUpdater>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SiloDirectoryUpdater>());
        });

    public Task DisposeAsync() => KillableSilos.KillAndDisposeAsync(_cluster);

    [Fact]
    public async Task Gateways_SiloKilledRightAfterAPublication_LeaveTheSurvivorsListBeforeItsNextPublication()
    {
        var survivor = Cluster.Silos[0];
        var victim = Cluster.Silos[1];
        var directory = Cluster.GetSiloServiceProvider(survivor.SiloAddress).GetRequiredService<SiloDirectoryUpdater>();
        var victimId = victim.SiloAddress.ToParsableString();

        // The survivor's list changes only when it publishes (or when membership changes): the first time it holds
        // both silos is right after one of its publications.
        await WaitUntilAsync(() => directory.Silos.Count == 2, _waitLimit, "the survivor to list both silos");
        var listedBothAt = Stopwatch.StartNew();
        await Cluster.KillSiloAsync(victim);
        await WaitUntilAsync(
            () => directory.Silos.All(silo => silo.SiloId != victimId),
            _waitLimit,
            "the killed silo to leave the survivor's list");

        Assert.True(
            listedBothAt.Elapsed < SiloDirectoryUpdater.PublishPeriod / 2,
            $"left after {listedBothAt.Elapsed.TotalSeconds:0.0} s: at a publication, not when membership declared it dead");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
