using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Uptime.Testing;

/// <summary>
/// Two in-process silos with fast failure detection (1 s probes, 2 missed, 1 vote), for tests that kill a silo and
/// wait for membership to declare it dead.
/// </summary>
public static class KillableSilos
{
    /// <summary>Deploys the two silos, each with <paramref name="configureServices"/> applied to its services.</summary>
    public static async Task<InProcessTestCluster> DeployAsync(Action<IServiceCollection> configureServices)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            configureServices(host.Services);
            host.Services.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
            });
        });
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Kills the silos still running (a graceful stop would wait for the dead one), then disposes the cluster.</summary>
    public static async Task KillAndDisposeAsync(InProcessTestCluster? cluster)
    {
        if (cluster is null)
        {
            return;
        }

        foreach (var silo in cluster.Silos.ToList())
        {
            await cluster.KillSiloAsync(silo);
        }

        await cluster.DisposeAsync();
    }
}
