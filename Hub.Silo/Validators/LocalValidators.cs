using System.Collections.Concurrent;
using System.Collections.Immutable;
using Uptime.Grains;

namespace Uptime.Hub.Validators;

/// <summary>The registered validator connections of this silo, which the checks of every silo reach.</summary>
public sealed class LocalValidators
{
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

    internal void Add(ValidatorConnection connection) => _registered[connection.Id] = connection;

    internal void Remove(ValidatorConnection connection) => _registered.TryRemove(connection.Id, out _);

    /// <summary>Sends the checks to every validator registered on this silo.</summary>
    public Task DispatchAsync(ImmutableArray<CheckItem> checks)
    {
        foreach (var connection in _registered.Values)
        {
            connection.EnqueueChecks(checks);
        }

        return Task.CompletedTask;
    }

}
