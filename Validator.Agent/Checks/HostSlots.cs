using Uptime.Agent.Configuration;
using Uptime.Protocol;

namespace Uptime.Agent.Checks;

/// <summary>
/// Lets at most <see cref="AgentOptions.MaxChecksPerHost"/> checks of one target host (<see cref="TargetHost"/>) run at
/// a time, so a burst of checks for one site reaches it as a short queue, not as a flood of connections. The others
/// wait in arrival order without holding a worker: the worker that finishes a check of that host runs the next one.
/// A host has an entry only while a check of it runs or waits, so hosts that come and go leave nothing behind.
/// </summary>
internal sealed class HostSlots
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Host> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Host>.AlternateLookup<ReadOnlySpan<char>> _hostsBySpan;
    private readonly int _slotsPerHost;
    private readonly TimeProvider _time;
    private int _waiting;
    private long _waitedSincePeriod;
    private TimeSpan _longestWaitSincePeriod;

    public HostSlots(AgentOptions options, TimeProvider time)
    {
        _hostsBySpan = _hosts.GetAlternateLookup<ReadOnlySpan<char>>();
        _slotsPerHost = options.MaxChecksPerHost;
        _time = time;
    }

    /// <summary>Checks waiting for a slot of their host.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Hosts with a check running or waiting.</summary>
    public int HostCount
    {
        get
        {
            lock (_lock)
            {
                return _hosts.Count;
            }
        }
    }

    /// <summary>True: <paramref name="check"/> holds a slot of its host and runs now. False: it waits, and <see cref="TryHandOver"/> returns it later.</summary>
    public bool TryEnter(WebsiteCheck check)
    {
        var name = TargetHost.Of(check.Url);
        lock (_lock)
        {
            if (!_hostsBySpan.TryGetValue(name, out var host))
            {
                _hostsBySpan[name] = new Host { Running = 1 };
                return true;
            }

            if (host.Running < _slotsPerHost)
            {
                host.Running++;
                return true;
            }

            host.Waiting ??= new Queue<WaitingCheck>();
            host.Waiting.Enqueue(new WaitingCheck(check, _time.GetTimestamp()));
            _waiting++;
            return false;
        }
    }

    /// <summary>
    /// Called when <paramref name="finished"/> ends: true with the next waiting check of its host, which takes over the
    /// slot, and how long it waited; false when none waits (the slot is freed).
    /// </summary>
    public bool TryHandOver(WebsiteCheck finished, out WebsiteCheck next, out TimeSpan waited)
    {
        var name = TargetHost.Of(finished.Url);
        lock (_lock)
        {
            var host = _hostsBySpan[name];
            if (host.Waiting is { Count: > 0 } queue)
            {
                var waiting = queue.Dequeue();
                _waiting--;
                next = waiting.Check;
                waited = _time.GetElapsedTime(waiting.Since);
                _waitedSincePeriod++;
                _longestWaitSincePeriod = waited > _longestWaitSincePeriod ? waited : _longestWaitSincePeriod;
                return true;
            }

            if (--host.Running == 0)
            {
                _hostsBySpan.Remove(name);
            }

            next = null!;
            waited = TimeSpan.Zero;
            return false;
        }
    }

    /// <summary>How many checks waited for their host's slot since the last call, and the longest wait; resets both.</summary>
    public (long Count, TimeSpan Longest) TakeWaits()
    {
        lock (_lock)
        {
            var waits = (_waitedSincePeriod, _longestWaitSincePeriod);
            _waitedSincePeriod = 0;
            _longestWaitSincePeriod = TimeSpan.Zero;
            return waits;
        }
    }

    private sealed class Host
    {
        public int Running { get; set; }

        public Queue<WaitingCheck>? Waiting { get; set; }
    }

    private readonly record struct WaitingCheck(WebsiteCheck Check, long Since);
}
