namespace Uptime.Testing;

/// <summary>
/// One private PostgreSQL server shared by the tests of an xunit class or collection
/// (<c>IClassFixture&lt;PostgresFixture&gt;</c> or <c>ICollectionFixture&lt;PostgresFixture&gt;</c>).
/// Give each test its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server (available once xunit has initialized the fixture).</summary>
    public PostgresServer Server =>
        _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not been initialized.");

    /// <summary>Connection string for the superuser to the <c>postgres</c> database.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string? name = null) => Server.CreateDatabaseAsync(name);

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
