using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Canaries;

/// <summary>A hub whose only canary is a local <see cref="CanaryTarget"/>, checked every 10 s (the shortest interval).</summary>
public sealed class CanaryHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const int IntervalSeconds = 10;

    private CanaryTarget? _canary;

    internal CanaryTarget Canary => _canary ?? throw new InvalidOperationException("The canary has not been started.");

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["HUB_CANARY_URLS"] = Canary.Url,
        ["HUB_CANARY_INTERVAL_SECONDS"] = IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public override async Task InitializeAsync()
    {
        _canary = await CanaryTarget.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_canary is not null)
        {
            await _canary.DisposeAsync();
        }
    }
}
