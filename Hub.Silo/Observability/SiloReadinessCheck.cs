using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Uptime.Hub.Observability;

/// <summary>Ready when this silo's own membership status is <see cref="SiloStatus.Active"/>.</summary>
/// <param name="currentStatus">This silo's status, e.g. <c>ISiloStatusOracle.CurrentStatus</c>.</param>
public sealed class SiloReadinessCheck(Func<SiloStatus> currentStatus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = currentStatus();
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("Silo is Active in the cluster")
            : HealthCheckResult.Unhealthy($"Silo is {status}, not Active in the cluster"));
    }
}
