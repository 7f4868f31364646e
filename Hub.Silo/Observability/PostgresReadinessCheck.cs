using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Uptime.Hub.Observability;

/// <summary>
/// Ready when PostgreSQL answers <c>SELECT 1</c> through the hub's data source within a short time-out. The wait is
/// bounded here, not only by cancellation: Npgsql does not cancel a connection attempt stuck in the start-up handshake
/// (a hung server), which would otherwise hold the probe for the connection string's whole <c>Timeout</c>.
/// </summary>
public sealed class PostgresReadinessCheck(NpgsqlDataSource dataSource, TimeSpan timeout) : IHealthCheck
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var probe = SelectOneAsync(deadline.Token);
        try
        {
            await probe.WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answered SELECT 1");
        }
        catch (Exception e) when (e is TimeoutException || (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            // The abandoned probe ends by itself (connection Timeout); observe its failure so it is not reported as unobserved.
            _ = probe.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL is unreachable: {Innermost(e).Message}");
        }
    }

    private async Task SelectOneAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is not PostgresException)
        {
            e = e.InnerException;
        }

        return e;
    }
}
