using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;
using Uptime.Hub.Database;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

/// <summary>
/// An Orleans <see cref="TestCluster"/> whose clustering, grain storage and reminders all go through the
/// ADO.NET providers to a fresh PostgreSQL database prepared by <see cref="SchemaMigrator"/>.
/// </summary>
public sealed class AdoNetCluster : IAsyncDisposable
{
    public const string StorageName = "PostgresStore";
    public const string ConnectionStringKey = "Uptime:OrleansAdoNetTests:ConnectionString";

    private AdoNetCluster(TestCluster cluster, string connectionString)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public TestCluster Cluster { get; }

    public string ConnectionString { get; }

    /// <summary>For the tests' own queries against the Orleans tables.</summary>
    public NpgsqlDataSource DataSource { get; }

    public IClusterClient Client => Cluster.Client;

    public string ClusterId => Cluster.Options.ClusterId;

    public static async Task<AdoNetCluster> StartAsync(PostgresServer server, short silos = 2)
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
        }

        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[ConnectionStringKey] = connectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new AdoNetCluster(cluster, connectionString);
    }

    public SiloHandle SiloAt(SiloAddress address) =>
        Cluster.Silos.SingleOrDefault(s => s.SiloAddress.Equals(address))
        ?? throw new InvalidOperationException($"No silo of this cluster has the address {address}.");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.DisposeAsync();
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }

    private static string GetConnectionString(IConfiguration configuration) =>
        configuration[ConnectionStringKey]
        ?? throw new InvalidOperationException($"Configuration key {ConnectionStringKey} is missing.");

    /// <summary>Silo side: the three ADO.NET providers on PostgreSQL plus timings that keep the tests short.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = GetConnectionString(siloBuilder.Configuration);
            siloBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            siloBuilder.AddAdoNetGrainStorage(StorageName, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            siloBuilder.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            siloBuilder.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));

            // A killed silo is declared dead after ~3 missed 1 s probes; one vote suffices since a two-silo cluster
            // has only one other voter. The degradation extension of probe timeouts stays on.
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 3;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            });
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Client side: the gateway list comes from the membership table (GatewaysQueryKey).</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            var connectionString = GetConnectionString(configuration);
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            clientBuilder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }
}
