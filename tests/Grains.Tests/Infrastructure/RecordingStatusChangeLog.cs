using System.Collections.Concurrent;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>Records the status transitions website grains report.</summary>
public sealed class RecordingStatusChangeLog : IStatusChangeLog
{
    private readonly ConcurrentQueue<RecordedStatusChange> _recorded = new();

    public IReadOnlyCollection<RecordedStatusChange> Recorded => _recorded;

    public Task RecordAsync(Guid websiteId, DateTime at, WebsiteHealth from, WebsiteHealth to, CancellationToken cancellationToken)
    {
        _recorded.Enqueue(new RecordedStatusChange(websiteId, at, from, to));
        return Task.CompletedTask;
    }
}

public sealed record RecordedStatusChange(Guid WebsiteId, DateTime At, WebsiteHealth From, WebsiteHealth To);
