using System.Collections.Concurrent;
using Uptime.Grains;
using Uptime.Hub.Live;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Tests.Ticks;

/// <summary>A website that answers every tick with one outcome (or fails) and keeps the reports it was asked about.</summary>
internal sealed class ScriptedAdmission(Func<TickReport, TickOutcome> answer) : ITickAdmission
{
    private readonly ConcurrentQueue<(Guid WebsiteId, TickReport Report)> _asked = new();

    public IReadOnlyList<(Guid WebsiteId, TickReport Report)> Asked => [.. _asked];

    public Task<TickOutcome> RecordTickAsync(Guid websiteId, TickReport report)
    {
        _asked.Enqueue((websiteId, report));
        return Task.FromResult(answer(report));
    }
}

/// <summary>A tick queue that keeps the rows it takes, or takes none when full.</summary>
internal sealed class RecordingTickQueue(bool full = false) : ITickQueue
{
    private readonly ConcurrentQueue<TickRow> _rows = new();

    public IReadOnlyList<TickRow> Rows => [.. _rows];

    public bool TryEnqueue(TickRow row)
    {
        if (full)
        {
            return false;
        }

        _rows.Enqueue(row);
        return true;
    }
}

/// <summary>A live feed that keeps the ticks it is given.</summary>
internal sealed class RecordingLiveTicks : ILiveTicks
{
    private readonly ConcurrentQueue<LiveTick> _ticks = new();

    public IReadOnlyList<LiveTick> Ticks => [.. _ticks];

    public void AddTick(LiveTick tick) => _ticks.Enqueue(tick);
}
