using System.Threading.RateLimiting;

namespace Uptime.Hub.Validators;

/// <summary>
/// The gateway's limits per client IP (after <c>X-Forwarded-For</c> from trusted proxies). They are per silo: behind a
/// load balancer spreading one client over N silos, the client gets up to N times each limit.
/// </summary>
public sealed class ConnectionLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _connections;
    private readonly PartitionedRateLimiter<string> _registrations;
    private readonly ValidatorSecurityOptions _options;
    private readonly TimeProvider _time;

    public ConnectionLimits(ValidatorSecurityOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var connections = _options.MaxConnectionsPerIp;
        _connections = PartitionedRateLimiter.Create<string, string>(ip => connections == 0
            ? RateLimitPartition.GetNoLimiter(ip)
            : RateLimitPartition.GetConcurrencyLimiter(ip, _ => new ConcurrencyLimiterOptions { PermitLimit = connections, QueueLimit = 0 }));
        var registrations = _options.RegistrationsPerIpPerMinute;
        _registrations = PartitionedRateLimiter.Create<string, string>(ip => registrations == 0
            ? RateLimitPartition.GetNoLimiter(ip)
            : RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = registrations,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }

    /// <summary>
    /// A slot for one more socket from <paramref name="ip"/>; when <see cref="RateLimitLease.IsAcquired"/>, hold it for
    /// the socket's lifetime and dispose it when the socket ends.
    /// </summary>
    public RateLimitLease OpenConnection(string ip) => _connections.AttemptAcquire(ip);

    /// <summary>Counts one REGISTER attempt from <paramref name="ip"/>; false when over the per-minute limit.</summary>
    public bool TryRegister(string ip)
    {
        using var lease = _registrations.AttemptAcquire(ip);
        return lease.IsAcquired;
    }

    /// <summary>A message limit for a new connection, or null when <c>HUB_MAX_MESSAGES_PER_SECOND</c> is 0 (off).</summary>
    public MessageRateGuard? NewMessageGuard() =>
        _options.MaxMessagesPerSecond == 0 ? null : new MessageRateGuard(_options.MaxMessagesPerSecond, _time);

    public void Dispose()
    {
        _connections.Dispose();
        _registrations.Dispose();
    }
}
