using System.Threading.Channels;
using Uptime.Agent.Configuration;
using Uptime.Protocol;

namespace Uptime.Agent.Ticks;

/// <summary>
/// Every produced tick until the hub acknowledges it (TICK_ACK), at most <see cref="AgentOptions.MaxUnackedTicks"/>;
/// past that the oldest is dropped and counted. Each tick is kept as its encoded TICK_RESULT frame, so sending and
/// re-sending never encode again.
/// </summary>
/// <remarks>
/// <para>
/// Two intrusive doubly-linked lists over the same entries, plus an id index, make every operation O(1) per tick
/// with one allocation per tick (the entry; its frame is the encoded message):
/// the <em>buffer</em> list in production order (oldest first), with a cursor at the first tick not yet sent on the
/// current connection (every tick before it has been sent on it, every tick from it on has not); and the
/// <em>in-flight</em> list of ticks sent on the current connection, ordered by when they were last sent, so the
/// ticks whose acknowledgement is overdue are always at its head.
/// </para>
/// <para>
/// One sender at a time (<see cref="TickSender"/>, per registered connection) calls <see cref="BeginConnection"/>,
/// <see cref="TakeDue"/> and <see cref="NextDueIn"/>; producers and the TICK_ACK handler call <see cref="Add"/> and
/// <see cref="Acknowledge"/> from any thread. Everything runs under one lock, held for O(batch) work at most.
/// </para>
/// </remarks>
internal sealed class TickBuffer
{
    /// <summary>Least time between two "buffer full" warnings; the stats line counts every drop.</summary>
    public static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Entry> _index = [];
    private readonly Channel<bool> _work = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly int _capacity;
    private readonly long _ackTimeoutTicks;
    private readonly TimeProvider _time;
    private readonly ILogger<TickBuffer> _logger;

    private Entry? _head;
    private Entry? _tail;
    private Entry? _cursor;
    private Entry? _inFlightHead;
    private Entry? _inFlightTail;

    private long _produced;
    private long _sent;
    private long _acknowledged;
    private long _resent;
    private long _dropped;
    private long _refused;
    private long _lastDropWarning = long.MinValue;

    public TickBuffer(AgentOptions options, TimeProvider time, ILogger<TickBuffer> logger)
    {
        _capacity = options.MaxUnackedTicks;
        _ackTimeoutTicks = (long)Math.Ceiling(options.TickAckTimeout.TotalSeconds * time.TimestampFrequency);
        _time = time;
        _logger = logger;
    }

    /// <summary>Unacknowledged ticks kept now.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>Keeps a produced tick (it must carry a <c>TickId</c>) for sending; drops the oldest when full.</summary>
    public void Add(TickResultMessage tick)
    {
        var id = tick.TickId ?? throw new ArgumentException("A buffered tick needs a tick id", nameof(tick));
        var entry = new Entry(id, MessageWriter.ToUtf8(tick)) { Signed = tick.Signature is not null };
        var warn = false;
        long dropped;
        lock (_lock)
        {
            if (_index.Count >= _capacity)
            {
                Remove(_head!);
                _dropped++;
                warn = TakeDropWarning();
            }

            if (!_index.TryAdd(id, entry))
            {
                throw new ArgumentException($"Tick {id} is already buffered", nameof(tick));
            }

            entry.Previous = _tail;
            if (_tail is null)
            {
                _head = entry;
            }
            else
            {
                _tail.Next = entry;
            }

            _tail = entry;
            _cursor ??= entry;
            _produced++;
            dropped = _dropped;
        }

        if (warn)
        {
            _logger.TickBufferFull(_capacity, dropped);
        }

        _work.Writer.TryWrite(true);
    }

    /// <summary>Forgets the acknowledged ticks; ids not (or no longer) buffered are ignored. Returns how many were buffered.</summary>
    public int Acknowledge(IReadOnlyList<Guid> tickIds)
    {
        lock (_lock)
        {
            var matched = Forget(tickIds);
            _acknowledged += matched;
            return matched;
        }
    }

    /// <summary>Forgets a tick the hub refused for good (an ERROR naming it); false when it was not buffered.</summary>
    public bool Refuse(Guid tickId)
    {
        lock (_lock)
        {
            var matched = Forget([tickId]);
            _refused += matched;
            return matched > 0;
        }
    }

    private int Forget(IReadOnlyList<Guid> tickIds)
    {
        var matched = 0;
        foreach (var id in tickIds)
        {
            if (_index.TryGetValue(id, out var entry))
            {
                Remove(entry);
                matched++;
            }
        }

        return matched;
    }

    /// <summary>A new connection is registered: every buffered tick is to be sent (again) on it, oldest first.</summary>
    public void BeginConnection()
    {
        lock (_lock)
        {
            for (var entry = _inFlightHead; entry is not null;)
            {
                var next = entry.InFlightNext;
                entry.InFlight = false;
                entry.InFlightPrevious = null;
                entry.InFlightNext = null;
                entry = next;
            }

            _inFlightHead = null;
            _inFlightTail = null;
            _cursor = _head;
        }

        _work.Writer.TryWrite(true);
    }

    /// <summary>
    /// Adds to <paramref name="frames"/> up to <paramref name="max"/> frames to send now, marking them sent: first the
    /// ticks whose acknowledgement is overdue (longest-waiting first), then the ticks not yet sent on this connection,
    /// oldest first. With <paramref name="signUnsigned"/>, a tick produced without a signature is signed first, once (its
    /// frame is replaced); that happens only to ticks produced before the agent learned that the hub wants signatures.
    /// </summary>
    public void TakeDue(List<byte[]> frames, int max, Func<byte[], byte[]>? signUnsigned = null)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            while (frames.Count < max && _inFlightHead is { } overdue && now - overdue.SentAt >= _ackTimeoutTicks)
            {
                UnlinkInFlight(overdue);
                MarkSent(overdue, now);
                frames.Add(FrameOf(overdue, signUnsigned));
            }

            while (frames.Count < max && _cursor is { } unsent)
            {
                _cursor = unsent.Next;
                MarkSent(unsent, now);
                frames.Add(FrameOf(unsent, signUnsigned));
            }
        }
    }

    /// <summary>How long until <see cref="TakeDue"/> has something: zero now, null when only a new tick or connection will tell.</summary>
    public TimeSpan? NextDueIn()
    {
        lock (_lock)
        {
            if (_cursor is not null)
            {
                return TimeSpan.Zero;
            }

            if (_inFlightHead is null)
            {
                return null;
            }

            var remaining = _inFlightHead.SentAt + _ackTimeoutTicks - _time.GetTimestamp();
            return remaining <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency);
        }
    }

    /// <summary>Waits until a tick is added or a connection begins (or was since the last wait), or <paramref name="maxWait"/> passes.</summary>
    public async Task WaitForWorkAsync(TimeSpan? maxWait, CancellationToken cancellationToken)
    {
        if (_work.Reader.TryRead(out _))
        {
            return;
        }

        if (maxWait is null)
        {
            await _work.Reader.WaitToReadAsync(cancellationToken);
            _work.Reader.TryRead(out _);
            return;
        }

        using var timeout = new CancellationTokenSource(maxWait.Value, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _work.Reader.WaitToReadAsync(linked.Token);
            _work.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // maxWait passed.
        }
    }

    public TickCounters Snapshot()
    {
        lock (_lock)
        {
            return new TickCounters(_produced, _sent, _acknowledged, _resent, _dropped, _index.Count, _refused);
        }
    }

    private static byte[] FrameOf(Entry entry, Func<byte[], byte[]>? signUnsigned)
    {
        if (signUnsigned is not null && !entry.Signed)
        {
            entry.Frame = signUnsigned(entry.Frame);
            entry.Signed = true;
        }

        return entry.Frame;
    }

    private void MarkSent(Entry entry, long now)
    {
        if (entry.EverSent)
        {
            _resent++;
        }

        entry.EverSent = true;
        entry.SentAt = now;
        _sent++;
        entry.InFlight = true;
        entry.InFlightPrevious = _inFlightTail;
        entry.InFlightNext = null;
        if (_inFlightTail is null)
        {
            _inFlightHead = entry;
        }
        else
        {
            _inFlightTail.InFlightNext = entry;
        }

        _inFlightTail = entry;
    }

    private void Remove(Entry entry)
    {
        _index.Remove(entry.Id);
        if (ReferenceEquals(_cursor, entry))
        {
            _cursor = entry.Next;
        }

        if (entry.Previous is null)
        {
            _head = entry.Next;
        }
        else
        {
            entry.Previous.Next = entry.Next;
        }

        if (entry.Next is null)
        {
            _tail = entry.Previous;
        }
        else
        {
            entry.Next.Previous = entry.Previous;
        }

        entry.Previous = null;
        entry.Next = null;
        if (entry.InFlight)
        {
            UnlinkInFlight(entry);
        }
    }

    private void UnlinkInFlight(Entry entry)
    {
        if (entry.InFlightPrevious is null)
        {
            _inFlightHead = entry.InFlightNext;
        }
        else
        {
            entry.InFlightPrevious.InFlightNext = entry.InFlightNext;
        }

        if (entry.InFlightNext is null)
        {
            _inFlightTail = entry.InFlightPrevious;
        }
        else
        {
            entry.InFlightNext.InFlightPrevious = entry.InFlightPrevious;
        }

        entry.InFlight = false;
        entry.InFlightPrevious = null;
        entry.InFlightNext = null;
    }

    private bool TakeDropWarning()
    {
        var now = _time.GetTimestamp();
        if (_lastDropWarning != long.MinValue && _time.GetElapsedTime(_lastDropWarning, now) < DropWarningInterval)
        {
            return false;
        }

        _lastDropWarning = now;
        return true;
    }

    /// <summary>One buffered tick: its id, its encoded TICK_RESULT and its places in both lists.</summary>
    private sealed class Entry(Guid id, byte[] frame)
    {
        public Guid Id { get; } = id;

        public byte[] Frame { get; set; } = frame;

        public bool Signed { get; set; }

        public bool EverSent { get; set; }

        public bool InFlight { get; set; }

        /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last send.</summary>
        public long SentAt { get; set; }

        public Entry? Previous { get; set; }

        public Entry? Next { get; set; }

        public Entry? InFlightPrevious { get; set; }

        public Entry? InFlightNext { get; set; }
    }
}
