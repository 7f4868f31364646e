using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Uptime.Hub.Observability;
using Uptime.Hub.Tests.Database;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Observability;

[Collection(DatabaseCollection.Name)]
public sealed class PostgresReadinessCheckTests(PostgresFixture postgres)
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task CheckHealthAsync_PostgresAnswers_Healthy()
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);

        var result = await Check(dataSource);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task CheckHealthAsync_NothingListens_UnhealthyWithReason()
    {
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=hub;Database=uptime");

        var result = await Check(dataSource);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("PostgreSQL is unreachable: ", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_ServerNeverAnswers_UnhealthyAfterTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=hub;Database=uptime;Timeout=30");

        var started = DateTime.UtcNow;
        var result = await Check(dataSource);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("PostgreSQL did not answer within 1000 ms", result.Description);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    private static Task<HealthCheckResult> Check(NpgsqlDataSource dataSource) =>
        new PostgresReadinessCheck(dataSource, _timeout).CheckHealthAsync(new HealthCheckContext());

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
