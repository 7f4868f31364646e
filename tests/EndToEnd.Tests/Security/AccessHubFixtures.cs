using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// A hub whose reads need the admin key too (<c>HUB_READ_ACCESS=key</c>), with one CORS origin and a write limit of
/// <see cref="WritesPerMinute"/> per client.
/// </summary>
public sealed class ProtectedHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const string AllowedOrigin = "https://status.example.test";
    public const int WritesPerMinute = 3;

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["HUB_READ_ACCESS"] = "key",
        ["HUB_CORS_ORIGINS"] = AllowedOrigin,
        ["HUB_API_WRITES_PER_MINUTE"] = "3",
    };
}

/// <summary>A production hub on which no admin key is configured.</summary>
public sealed class NoKeyHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["HUB_ADMIN_KEY_HASHES"] = null,
    };
}

/// <summary>A Development hub on which no admin key is configured.</summary>
public sealed class DevelopmentNoKeyHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["HUB_ADMIN_KEY_HASHES"] = null,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };
}
