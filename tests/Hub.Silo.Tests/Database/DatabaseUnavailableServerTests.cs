using System.Net;
using System.Net.Sockets;
using Npgsql;
using Uptime.Hub.Database;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Database;

/// <summary>What Npgsql really throws when PostgreSQL cannot serve, and what it throws for a bad statement.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DatabaseUnavailableServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Explain_PoolExhausted_Unavailable()
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { MaxPoolSize = 1, Timeout = 1 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var held = await dataSource.OpenConnectionAsync();

        var exhausted = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await dataSource.OpenConnectionAsync());

        Assert.Equal("no connection to PostgreSQL within the timeout", DatabaseUnavailable.Explain(exhausted));
    }

    [Fact]
    public async Task Explain_ServerAcceptsButNeverAnswers_Unavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var builder = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Host = "127.0.0.1", Port = port, Timeout = 1, Pooling = false };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);

        var frozen = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await dataSource.OpenConnectionAsync());

        Assert.Equal("no connection to PostgreSQL within the timeout", DatabaseUnavailable.Explain(frozen));
    }

    [Fact]
    public async Task Explain_StatementError_NotUnavailable()
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres.Server.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT 1 / 0");

        var division = await Assert.ThrowsAsync<PostgresException>(async () => await command.ExecuteScalarAsync());

        Assert.Null(DatabaseUnavailable.Explain(division));
    }
}
