using Uptime.Agent.Configuration;

namespace Uptime.Agent.Checks.Warm;

/// <summary>
/// The warm connections open (or being opened) per target, "scheme://host:port", at most
/// <see cref="AgentOptions.WarmConnections"/> targets at once: a warm check is admitted when its target has a connection
/// or there is room for one, else it runs on a fresh connection. The probe handler keeps the connections (one per target);
/// this only counts them, through the <see cref="WarmStream"/> each is wrapped in, and closes a target's connection when a
/// check over it was Bad, so the next check starts over.
/// </summary>
internal sealed class WarmConnections(AgentOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Target> _targets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Targets with a warm connection open or admitted to open one.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _targets.Count;
            }
        }
    }

    /// <summary>Whether a warm check of <paramref name="target"/> may go over a warm connection; each true needs a <see cref="Done"/>.</summary>
    public bool TryAdmit(string target)
    {
        lock (_lock)
        {
            if (!_targets.TryGetValue(target, out var entry))
            {
                if (_targets.Count >= options.WarmConnections)
                {
                    return false;
                }

                _targets[target] = entry = new Target();
            }

            entry.Checks++;
            return true;
        }
    }

    /// <summary>
    /// The end of an admitted check of <paramref name="target"/>; <paramref name="bad"/>: its connection is closed (the
    /// check owned it until now), so the next check opens a new one.
    /// </summary>
    public void Done(string target, bool bad)
    {
        List<WarmStream>? closing = null;
        lock (_lock)
        {
            var entry = _targets[target];
            entry.Checks--;
            if (bad && entry.Streams.Count > 0)
            {
                closing = [.. entry.Streams];
            }

            Forget(target, entry);
        }

        foreach (var stream in closing ?? [])
        {
            stream.Dispose();
        }
    }

    /// <summary>Wraps a connection just opened to <paramref name="target"/>, counted until it is disposed.</summary>
    public Stream Opened(string target, Stream connection)
    {
        var stream = new WarmStream(connection, this, target);
        lock (_lock)
        {
            if (!_targets.TryGetValue(target, out var entry))
            {
                _targets[target] = entry = new Target();
            }

            entry.Streams.Add(stream);
        }

        return stream;
    }

    public void Closed(WarmStream stream)
    {
        lock (_lock)
        {
            if (_targets.TryGetValue(stream.Target, out var entry) && entry.Streams.Remove(stream))
            {
                Forget(stream.Target, entry);
            }
        }
    }

    private void Forget(string target, Target entry)
    {
        if (entry.Checks == 0 && entry.Streams.Count == 0)
        {
            _targets.Remove(target);
        }
    }

    private sealed class Target
    {
        public int Checks { get; set; }

        public List<WarmStream> Streams { get; } = [];
    }
}
