using System.Security.Cryptography.X509Certificates;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>One hub process per test class, on a fresh database of the collection's PostgreSQL server.</summary>
public abstract class HubFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private HubProcess? _hub;

    internal HubProcess Hub => _hub ?? throw new InvalidOperationException("The hub fixture has not been initialized.");

    /// <summary>Environment variables added to (or replacing) the hub's defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>();

    /// <summary>The TLS certificate the overrides configure, so the hub is reached over https and wss; null for none.</summary>
    protected virtual X509Certificate2? Certificate => null;

    public virtual async Task InitializeAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        _hub = await HubProcess.StartAsync(connectionString, Overrides, Certificate);
    }

    public virtual async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}

/// <summary>A hub with the default settings (spec heartbeat time-out of 60 s).</summary>
public sealed class DefaultHubFixture(PostgresFixture postgres) : HubFixture(postgres);

/// <summary>A hub that evicts validators after 3 s without a heartbeat.</summary>
public sealed class ShortHeartbeatHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const int HeartbeatTimeoutSeconds = 3;

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["HUB_HEARTBEAT_TIMEOUT_SECONDS"] = "3",
    };
}

/// <summary>A hub where a new validator waits as pending until an operator approves it (HUB_VALIDATOR_ENROLLMENT=approval).</summary>
public sealed class ApprovalHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["HUB_VALIDATOR_ENROLLMENT"] = "approval",
    };
}

/// <summary>A default hub plus the local target website its agents check.</summary>
public sealed class HubWithTargetFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    private TargetSite? _target;

    internal TargetSite Target => _target ?? throw new InvalidOperationException("The target site has not been started.");

    public override async Task InitializeAsync()
    {
        _target = await TargetSite.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }
}
