using System.Collections.Concurrent;
using System.Collections.Immutable;
using Uptime.Grains;
using Uptime.Hub.Live;

namespace Uptime.Hub.Validators;

/// <summary>
/// The registered validator connections of this silo; receives the checks every silo dispatches and the live dashboard
/// updates every silo collects. It keeps the latest check of each website (<see cref="LatestChecks"/>): a validator that
/// registers saying when it last received checks (on a connection it lost) first gets the still-timely ones it missed;
/// registering and dispatching take one lock, so no check reaches it twice.
/// </summary>
public sealed class LocalValidators(LiveStreams streams, TimeProvider time) : ISiloRelay
{
    private readonly Lock _dispatch = new();
    private readonly LatestChecks _latest = new(time);
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
        Remove(connection);
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
            if (_registered.TryAdd(connection.Id, connection) && lastCheckAt is { } since && _latest.TimelyAfter(since) is { IsEmpty: false } missed)
            {
                connection.EnqueueChecks(missed);
            }
        }
    }

    /// <summary>Stops dispatching to the connection; once this returns, no check is queued into it.</summary>
    internal void Remove(ValidatorConnection connection)
    {
        lock (_dispatch)
        {
            _registered.TryRemove(connection.Id, out _);
        }
    }

    /// <summary>
    /// The due time of the latest check of the website that reached this silo, <see cref="DateTime.MinValue"/> if none did
    /// lately, null if the silo has not been receiving checks long enough to tell.
    /// </summary>
    public DateTime? LatestDueOf(Guid websiteId, int intervalSeconds)
    {
        lock (_dispatch)
        {
            return _latest.LatestDueOf(websiteId, intervalSeconds);
        }
    }

    public Task DispatchAsync(ImmutableArray<CheckItem> checks)
    {
        lock (_dispatch)
        {
            _latest.Add(checks);
            foreach (var connection in _registered.Values)
            {
                connection.EnqueueChecks(checks);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends a canary round to every registered connection of this silo (canaries are not resent after a reconnection).</summary>
    internal void DispatchCanaries(ImmutableArray<CheckItem> canaries)
    {
        lock (_dispatch)
        {
            foreach (var connection in _registered.Values)
            {
                connection.StartCanaryRound(canaries);
            }
        }
    }

    public Task PublishAsync(LiveBatch batch)
    {
        streams.Deliver(batch);
        return Task.CompletedTask;
    }
}
