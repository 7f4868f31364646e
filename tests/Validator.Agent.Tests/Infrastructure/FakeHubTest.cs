namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>A test class whose every test gets a fresh fake hub and a fresh local target website.</summary>
public abstract class FakeHubTest : IAsyncLifetime
{
    private protected FakeHub Hub { get; private set; } = null!;

    private protected TargetServer Target { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await FakeHub.StartAsync();
        Target = await TargetServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Target.DisposeAsync();
    }
}
