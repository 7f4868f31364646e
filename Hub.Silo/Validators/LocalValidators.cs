using System.Collections.Concurrent;
using System.Collections.Immutable;
using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>
/// The registered validator connections of this silo, which the checks of every silo reach. A validator that registers
/// saying when it last received checks (on a connection it lost) gets the still-timely ones it missed from
/// <see cref="RecentChecks"/>; registering and dispatching take one lock, so no check reaches it twice.
/// </summary>
public sealed class LocalValidators(TimeProvider time)
{
    private readonly Lock _dispatch = new();
    private readonly RecentChecks _recent = new(time);
    private readonly ConcurrentDictionary<Guid, ValidatorConnection> _open = new();
    private readonly ConcurrentDictionary<Guid, ValidatorConnection> _registered = new();

    /// <summary>Registered validator connections on this silo.</summary>
    public int Count => _registered.Count;

    /// <summary>True once the silo is shutting down: no new sockets are accepted.</summary>
    public bool Draining { get; private set; }

    internal void Opened(ValidatorConnection connection) => _open[connection.Id] = connection;

    internal void Closed(ValidatorConnection connection)
    {
        _open.TryRemove(connection.Id, out _);
        _registered.TryRemove(connection.Id, out _);
    }

    /// <summary>
    /// Closes every socket with 1001 (going away), so that validators reconnect through the load balancer to
    /// another silo at once, and refuses new ones.
    /// </summary>
    public void Drain()
    {
        Draining = true;
        foreach (var connection in _open.Values)
        {
            connection.GoAway();
        }
    }

    internal bool Contains(Guid connectionId) => _registered.ContainsKey(connectionId);

    /// <summary>
    /// Makes the connection a target of the checks reaching this silo; one that received checks until
    /// <paramref name="lastCheckAt"/> on an earlier connection first gets the still-timely checks due after that.
    /// </summary>
    internal void Add(ValidatorConnection connection, DateTime? lastCheckAt)
    {
        lock (_dispatch)
        {
            if (_registered.TryAdd(connection.Id, connection) && lastCheckAt is { } since && _recent.TimelyAfter(since) is { IsEmpty: false } missed)
            {
                connection.EnqueueChecks(missed);
            }
        }
    }

    internal void Remove(ValidatorConnection connection) => _registered.TryRemove(connection.Id, out _);

    /// <summary>Sends the checks to every validator registered on this silo.</summary>
    public Task DispatchAsync(ImmutableArray<CheckItem> checks)
    {
        lock (_dispatch)
        {
            _recent.Add(checks);
            foreach (var connection in _registered.Values)
            {
                connection.EnqueueChecks(checks);
            }
        }

        return Task.CompletedTask;
    }
}
