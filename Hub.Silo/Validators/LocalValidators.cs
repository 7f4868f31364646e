using System.Collections.Concurrent;
using System.Collections.Immutable;
using Uptime.Grains;
using Uptime.Hub.Live;

namespace Uptime.Hub.Validators;

/// <summary>
/// The registered validator connections of this silo; receives the checks every silo dispatches and the live dashboard
/// updates every silo collects. It keeps the latest check of each website (<see cref="LatestChecks"/>): a validator that
/// registers saying when it last received checks (on a connection it lost) first gets the still-timely ones it missed;
/// registering and dispatching take one lock, so no check reaches it twice. A check with targets (its website's regions or
/// validators per region narrow it) reaches only the connections of those validators, replayed or not.
/// </summary>
public sealed class LocalValidators(LiveStreams streams, TimeProvider time) : ISiloRelay
{
    private readonly Lock _dispatch = new();
    private readonly LatestChecks _latest = new(time);
    private readonly ConcurrentDictionary<Guid, ValidatorConnection> _open = new();
    private readonly ConcurrentDictionary<Guid, ICheckRecipient> _registered = new();
    private readonly ConcurrentDictionary<Guid, DateTime> _departed = new();
    private int _registrations;

    /// <summary>Registered validator connections on this silo.</summary>
    public int Count => _registered.Count;

    /// <summary>Changes whenever a connection joins or leaves the dispatch targets, so a copy of <see cref="RegisteredValidators"/> can tell it is out of date.</summary>
    public int Registrations => Volatile.Read(ref _registrations);

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
    internal void Add(ICheckRecipient connection, DateTime? lastCheckAt)
    {
        lock (_dispatch)
        {
            if (!_registered.TryAdd(connection.Id, connection))
            {
                return;
            }

            Interlocked.Increment(ref _registrations);
            if (lastCheckAt is { } since && _latest.TimelyAfter(since, connection.Validator.Id, connection.Validator.Capabilities) is { IsEmpty: false } missed)
            {
                connection.EnqueueChecks(missed);
            }
        }
    }

    /// <summary>Stops dispatching to the connection; once this returns, no check is queued into it.</summary>
    internal void Remove(ICheckRecipient connection)
    {
        lock (_dispatch)
        {
            if (_registered.TryRemove(connection.Id, out _))
            {
                _departed[connection.Validator.Id] = time.GetUtcNow().UtcDateTime;
                Interlocked.Increment(ref _registrations);
            }
        }
    }

    /// <summary>The validators registered on this silo's connections.</summary>
    internal IReadOnlyList<RegisteredValidator> RegisteredValidators() => [.. _registered.Values.Select(connection => connection.Validator)];

    /// <summary>
    /// The validators a connection of which to this silo closed at or after <paramref name="since"/> (they may have
    /// another, or have registered again since); earlier departures are forgotten.
    /// </summary>
    internal HashSet<Guid> DepartedSince(DateTime since)
    {
        var departed = new HashSet<Guid>();
        foreach (var (validatorId, at) in _departed)
        {
            if (at >= since)
            {
                departed.Add(validatorId);
            }
            else
            {
                _departed.TryRemove(KeyValuePair.Create(validatorId, at));
            }
        }

        return departed;
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
            var targeted = AnyTargeted(checks);
            foreach (var connection in _registered.Values)
            {
                var forConnection = targeted ? For(connection.Validator, checks) : checks;
                if (!forConnection.IsEmpty)
                {
                    connection.EnqueueChecks(forConnection);
                }
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

    private static bool AnyTargeted(ImmutableArray<CheckItem> checks)
    {
        foreach (var check in checks)
        {
            if (check.IsNarrowed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The checks bound for the validator: <paramref name="checks"/> itself when all are, so a batch costs nothing more per connection then.</summary>
    private static ImmutableArray<CheckItem> For(RegisteredValidator validator, ImmutableArray<CheckItem> checks)
    {
        var count = 0;
        foreach (var check in checks)
        {
            if (check.IsFor(validator.Id, validator.Capabilities))
            {
                count++;
            }
        }

        if (count == checks.Length)
        {
            return checks;
        }

        var forValidator = ImmutableArray.CreateBuilder<CheckItem>(count);
        foreach (var check in checks)
        {
            if (check.IsFor(validator.Id, validator.Capabilities))
            {
                forValidator.Add(check);
            }
        }

        return forValidator.MoveToImmutable();
    }
}
