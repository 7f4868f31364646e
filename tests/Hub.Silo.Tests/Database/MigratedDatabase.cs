using Npgsql;
using Uptime.Hub.Database;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Database;

/// <summary>A fresh database with every embedded script applied by <see cref="SchemaMigrator"/>, shared by one test class.</summary>
public sealed class MigratedDatabase(PostgresFixture postgres) : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public NpgsqlDataSource DataSource =>
        _dataSource ?? throw new InvalidOperationException("The migrated database has not been initialized.");

    public PostgresServer Server => postgres.Server;

    /// <summary>Creates a new database on <paramref name="server"/> and applies the schema to it.</summary>
    public static async Task<NpgsqlDataSource> CreateAsync(PostgresServer server)
    {
        var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        try
        {
            await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
            return dataSource;
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync() => _dataSource = await CreateAsync(postgres.Server);

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
