using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Security;
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

/// <summary>
/// A hub with four admin keys, a write limit of <see cref="WritesPerMinute"/> per key, and 127.0.0.1 trusted as a proxy,
/// so each rate-limit test speaks from client addresses of its own (<c>X-Forwarded-For</c>) and spends its own budgets.
/// </summary>
public sealed class RateLimitedHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const int WritesPerMinute = 3;

    public static IReadOnlyList<string> Keys { get; } =
        [HubProcess.AdminKey, "e2e-second-admin-key-71d0", "e2e-third-admin-key-c25e", "e2e-fourth-admin-key-9b4a"];

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["HUB_ADMIN_KEY_HASHES"] = string.Join(',', Keys.Select(SecretHash.Sha256Hex)),
        ["HUB_API_WRITES_PER_MINUTE"] = $"{WritesPerMinute}",
        ["HUB_TRUSTED_PROXIES"] = "127.0.0.1",
    };
}
