using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uptime.Hub.Observability;

namespace Uptime.Hub.Tests.Observability;

public sealed class SiloReadinessCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_SiloActive_Healthy()
    {
        var result = await new SiloReadinessCheck(() => SiloStatus.Active).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [InlineData(SiloStatus.Created)]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Stopping)]
    [InlineData(SiloStatus.Dead)]
    public async Task CheckHealthAsync_SiloNotActive_UnhealthyNamingStatus(SiloStatus status)
    {
        var result = await new SiloReadinessCheck(() => status).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"Silo is {status}, not Active in the cluster", result.Description);
    }
}
