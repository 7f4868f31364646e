using System.Diagnostics;

namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>A check a website grain enqueued, with the real (stopwatch) time it was enqueued at.</summary>
public sealed record DispatchedCheck(CheckItem Check, long Timestamp);

/// <summary>Records every enqueued check and lets a test await "N checks of website X".</summary>
public sealed class RecordingCheckDispatcher : ICheckDispatcher
{
    private readonly AwaitableLog<DispatchedCheck> _checks = new();

    /// <summary>What the website grains are told about their silo; a test sets it false to play a silo declared dead.</summary>
    public bool SiloIsActive { get; set; } = true;

    /// <summary>What the website grains are told about their websites' latest checks (keyed by website); a test sets it to play a failover.</summary>
    public Dictionary<Guid, DateTime?> LatestChecksSeen { get; } = [];

    public DateTime? LatestCheckSeen(Guid websiteId, int intervalSeconds) => LatestChecksSeen.GetValueOrDefault(websiteId);

    public void Enqueue(CheckItem check) => _checks.Add(new DispatchedCheck(check, Stopwatch.GetTimestamp()));

    public IReadOnlyList<DispatchedCheck> For(Guid websiteId) =>
        [.. _checks.Snapshot().Where(dispatched => dispatched.Check.WebsiteId == websiteId)];

    public async Task<IReadOnlyList<DispatchedCheck>> WaitForCountAsync(Guid websiteId, int count)
    {
        var checks = await _checks.WaitForAsync(
            all => all.Count(dispatched => dispatched.Check.WebsiteId == websiteId) >= count,
            $"{count} check(s) of website {websiteId}");
        return [.. checks.Where(dispatched => dispatched.Check.WebsiteId == websiteId)];
    }
}
