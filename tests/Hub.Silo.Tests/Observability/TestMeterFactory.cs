using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Uptime.Hub.Tests.Observability;

/// <summary>The hub's <see cref="IMeterFactory"/> (from <c>AddMetrics</c>), one per test, so meters are never shared.</summary>
internal sealed class TestMeterFactory : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();
}
