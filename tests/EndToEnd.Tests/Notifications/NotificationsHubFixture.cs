using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// A hub whose incident links point at a public URL, retrying failed deliveries after 1 s (doubling), with canaries an
/// hour apart so the tests' hand-driven validators (which do not answer canaries) keep their votes.
/// </summary>
public sealed class NotificationsHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const string PublicUrl = "https://uptime.example/";

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["HUB_PUBLIC_URL"] = PublicUrl,
        ["HUB_CANARY_INTERVAL_SECONDS"] = "3600",
        ["HUB_NOTIFY_RETRY_SECONDS"] = "1",
    };
}
