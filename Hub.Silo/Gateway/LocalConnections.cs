using System.Collections.Concurrent;
using System.Collections.Immutable;
using Uptime.Grains;
using Uptime.Hub.Live;

namespace Uptime.Hub.Gateway;

/// <summary>
/// The registered validator connections of this silo; receives the checks every silo dispatches and the live
/// dashboard updates every silo collects.
/// </summary>
public sealed class LocalConnections(LiveStreams streams) : ISiloGateway
{
    private readonly ConcurrentDictionary<Guid, ValidatorConnection> _registered = new();

    public int Count => _registered.Count;

    internal bool Contains(Guid connectionId) => _registered.ContainsKey(connectionId);

    internal void Add(ValidatorConnection connection) => _registered[connection.Id] = connection;

    internal void Remove(ValidatorConnection connection) => _registered.TryRemove(connection.Id, out _);

    public Task DispatchAsync(ImmutableArray<CheckItem> checks)
    {
        foreach (var connection in _registered.Values)
        {
            connection.EnqueueChecks(checks);
        }

        return Task.CompletedTask;
    }

    public Task PublishAsync(LiveBatch batch)
    {
        streams.Deliver(batch);
        return Task.CompletedTask;
    }
}
