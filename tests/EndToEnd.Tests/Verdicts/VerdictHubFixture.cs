using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>A default hub plus the switchable target its scenarios' validators really check.</summary>
public sealed class VerdictHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    private SwitchableTarget? _target;

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
