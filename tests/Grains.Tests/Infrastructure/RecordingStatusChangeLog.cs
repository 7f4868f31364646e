using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>Records the status transitions website grains report; can be told to fail once for a website, as PostgreSQL away would.</summary>
public sealed class RecordingStatusChangeLog : IStatusChangeLog
{
    private readonly ConcurrentQueue<RecordedStatusChange> _recorded = new();
    private readonly ConcurrentDictionary<Guid, bool> _failNext = new();

    public IReadOnlyCollection<RecordedStatusChange> Recorded => _recorded;

    public void FailNextFor(Guid websiteId) => _failNext[websiteId] = true;

    public Task RecordAsync(Guid websiteId, DateTime at, WebsiteHealth from, WebsiteHealth to, CancellationToken cancellationToken)
    {
        if (_failNext.TryRemove(websiteId, out _))
        {
            throw new InvalidOperationException("status change log unavailable");
        }

        _recorded.Enqueue(new RecordedStatusChange(websiteId, at, from, to));
        return Task.CompletedTask;
    }
}

public sealed record RecordedStatusChange(Guid WebsiteId, DateTime At, WebsiteHealth From, WebsiteHealth To);
