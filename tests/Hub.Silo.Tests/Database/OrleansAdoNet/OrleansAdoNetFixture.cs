using Uptime.Testing;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

/// <summary>
/// One PostgreSQL server for the whole OrleansAdoNet collection, plus one two-silo cluster shared by the tests
/// that do not kill silos (each killing test deploys its own cluster in its own database).
/// </summary>
public sealed class OrleansAdoNetFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly SemaphoreSlim _sharedClusterLock = new(1, 1);
    private AdoNetCluster? _sharedCluster;

    public PostgresServer Server => _postgres.Server;

    /// <summary>The shared cluster, deployed on first use. Tests must leave its silos running.</summary>
    public async Task<AdoNetCluster> GetSharedClusterAsync()
    {
        await _sharedClusterLock.WaitAsync();
        try
        {
            return _sharedCluster ??= await AdoNetCluster.StartAsync(Server);
        }
        finally
        {
            _sharedClusterLock.Release();
        }
    }

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        try
        {
            if (_sharedCluster is not null)
            {
                await _sharedCluster.DisposeAsync();
            }
        }
        finally
        {
            _sharedClusterLock.Dispose();
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OrleansAdoNetCollection : ICollectionFixture<OrleansAdoNetFixture>
{
    public const string Name = "OrleansAdoNet";
}
