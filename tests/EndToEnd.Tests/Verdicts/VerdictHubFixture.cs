using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>
/// A hub plus the switchable target its scenarios' validators really check, with a canary on that target (an endpoint that
/// stays up) checked every 10 s, so a validator whose network is dead is found impaired within a few rounds.
/// </summary>
public sealed class VerdictHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    private SwitchableTarget? _target;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["HUB_CANARY_URLS"] = Target.NewEndpoint().Url,
        ["HUB_CANARY_INTERVAL_SECONDS"] = "10",
    };

    internal SwitchableTarget Target => _target ?? throw new InvalidOperationException("The target has not been started.");

    public override async Task InitializeAsync()
    {
        _target = await SwitchableTarget.StartAsync();
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
