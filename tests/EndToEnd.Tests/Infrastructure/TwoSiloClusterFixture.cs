using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>Two hub processes forming one Orleans cluster: the same database and the same HUB_CLUSTER_ID.</summary>
public sealed class TwoSiloClusterFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private HubProcess? _first;
    private HubProcess? _second;

    internal HubProcess First => _first ?? throw new InvalidOperationException("The cluster fixture has not been initialized.");

    internal HubProcess Second => _second ?? throw new InvalidOperationException("The cluster fixture has not been initialized.");

    internal string Diagnostics => First.Diagnostics + Second.Diagnostics;

    public async Task InitializeAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string?> { ["HUB_CLUSTER_ID"] = "e2e-cluster-" + Guid.NewGuid().ToString("N")[..8] };
        _first = await HubProcess.StartAsync(connectionString, cluster);
        _second = await HubProcess.StartAsync(connectionString, cluster);
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }
    }
}
