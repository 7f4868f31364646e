using Npgsql;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

/// <summary>The test server itself: restart on the same port (used by failure tests) and fresh databases.</summary>
[Collection(OrleansAdoNetCollection.Name)]
public sealed class PostgresServerTests
{
    [Fact]
    public async Task StopAsyncThenStartAgainAsync_SameServer_SamePortAndDataSurvive()
    {
        // Its own server: stopping the collection's shared one would disturb the shared cluster.
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("restart_check");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await using var create = dataSource.CreateCommand("CREATE TABLE t (v int); INSERT INTO t VALUES (42);");
            await create.ExecuteNonQueryAsync();
        }

        var port = server.Port;
        await server.StopAsync();
        Assert.False(server.IsRunning);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await dataSource.OpenConnectionAsync());
        }

        await server.StartAgainAsync();
        Assert.Equal(port, server.Port);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await using var select = dataSource.CreateCommand("SELECT v FROM t");
            Assert.Equal(42, (int)(await select.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task CreateDatabaseAsync_TwoCalls_DistinctEmptyDatabases()
    {
        await using var server = await PostgresServer.StartAsync();
        var first = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());
        var second = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());

        Assert.NotEqual(first.Database, second.Database);
        await using var dataSource = NpgsqlDataSource.Create(second.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}
