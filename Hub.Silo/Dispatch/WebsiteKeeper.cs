using System.Collections.Immutable;
using System.Threading.Channels;
using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Hosting;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Dispatch;

/// <summary>
/// Keeps every enabled website's grain active, so its checks go on after a restart or a silo's death: shortly
/// after start, as soon as the set of active silos changes, and every <see cref="HubOptions.ReminderPeriod"/> as a
/// backstop, this silo wakes the grains of its share of the enabled websites (a hash of the id over the active
/// silos, so each website is woken by one silo and, placement preferring the caller, activated there). Waking a
/// grain that is already active is one cheap call; the periodic sweep spreads its calls over half the period so
/// that they do not delay dispatch, while the sweeps after start and after a membership change go at full speed.
/// A keep-alive reminder per website did this before and cost about 1.4 KiB of memory per website and a database
/// write per activation.
/// </summary>
public sealed partial class WebsiteKeeper(
    PostgresWebsiteCatalog catalog,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    HubOptions options,
    TimeProvider time,
    ILogger<WebsiteKeeper> logger) : BackgroundService
{
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(5);

    /// <summary>After a membership change, time for the silos to agree on it before the share is computed.</summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(2);

    public const int PageSize = 5_000;
    public const int Concurrency = 64;

    private readonly Channel<bool> _membershipChanged = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Whether <paramref name="websiteId"/> belongs to the share of silo <paramref name="siloIndex"/> of <paramref name="siloCount"/>.</summary>
    public static bool IsInShare(Guid websiteId, int siloIndex, int siloCount) =>
        WebsiteIdHash.Of(websiteId) % (ulong)siloCount == (ulong)siloIndex;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watching = WatchMembershipAsync(stoppingToken);
        Task<bool>? changed = null;
        var wait = StartDelay;
        var paced = false;
        try
        {
            while (true)
            {
                changed ??= _membershipChanged.Reader.WaitToReadAsync(stoppingToken).AsTask();
                using (var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    var elapsed = Task.Delay(wait, time, delay.Token);
                    paced = await Task.WhenAny(elapsed, changed) == elapsed && paced;
                    if (changed.IsCompleted)
                    {
                        await delay.CancelAsync();
                        _membershipChanged.Reader.TryRead(out _);
                        changed = null;
                        await Task.Delay(SettleDelay, time, stoppingToken);
                    }
                }

                stoppingToken.ThrowIfCancellationRequested();
                await SweepAsync(paced, stoppingToken);
                wait = options.ReminderPeriod;
                paced = true;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await watching;
        }
    }

    /// <summary>
    /// Wakes this silo's share of the enabled websites, <paramref name="paced"/> over half a period or at once;
    /// returns how many grains were woken.
    /// </summary>
    public async Task<int> SweepAsync(bool paced, CancellationToken cancellationToken)
    {
        var silos = ActiveSilos(membership.CurrentSnapshot);
        var index = silos.IndexOf(localSilo.SiloAddress);
        if (index < 0)
        {
            return 0;
        }

        var woken = 0;
        var failed = 0;
        try
        {
            var pageTime = paced ? await PageTimeAsync(cancellationToken) : TimeSpan.Zero;
            var after = Guid.Empty;
            IReadOnlyList<Guid> page;
            do
            {
                var started = time.GetTimestamp();
                page = await catalog.EnabledIdsAfterAsync(after, PageSize, cancellationToken);
                if (page.Count > 0)
                {
                    after = page[^1];
                }

                await Parallel.ForEachAsync(
                    page.Where(id => IsInShare(id, index, silos.Length)),
                    new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                    async (id, _) =>
                    {
                        try
                        {
                            await grains.GetGrain<IWebsiteGrain>(id).KeepAliveAsync();
                            Interlocked.Increment(ref woken);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            if (Interlocked.Increment(ref failed) == 1)
                            {
                                LogWakeFailed(logger, id, e.Message);
                            }
                        }
                    });
                var rest = pageTime - time.GetElapsedTime(started);
                if (rest > TimeSpan.Zero && page.Count == PageSize)
                {
                    await Task.Delay(rest, time, cancellationToken);
                }
            }
            while (page.Count == PageSize && !(paced && _membershipChanged.Reader.TryPeek(out _)));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogSweepFailed(logger, e.Message);
        }

        LogSwept(logger, woken, failed, index + 1, silos.Length);
        return woken;
    }

    /// <summary>How long one page may take for a paced sweep to end after about half a period.</summary>
    private async Task<TimeSpan> PageTimeAsync(CancellationToken cancellationToken)
    {
        var pages = Math.Max(1, (await catalog.CountEnabledAsync(cancellationToken) + PageSize - 1) / PageSize);
        return options.ReminderPeriod / 2 / pages;
    }

    private async Task WatchMembershipAsync(CancellationToken stoppingToken)
    {
        try
        {
            var known = ImmutableArray<SiloAddress>.Empty;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var active = ActiveSilos(snapshot);
                if (!known.IsEmpty && !active.SequenceEqual(known))
                {
                    _membershipChanged.Writer.TryWrite(true);
                }

                known = active;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static ImmutableArray<SiloAddress> ActiveSilos(ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .OrderBy(address => address.ToParsableString(), StringComparer.Ordinal)];

    [LoggerMessage(3401, LogLevel.Debug, "Woke {Woken} website grains ({Failed} failed), share {Share} of {Silos}")]
    private static partial void LogSwept(ILogger logger, int woken, int failed, int share, int silos);

    [LoggerMessage(3402, LogLevel.Warning, "Waking website grain {WebsiteId} failed (further failures of this sweep are counted, not logged): {Reason}")]
    private static partial void LogWakeFailed(ILogger logger, Guid websiteId, string reason);

    [LoggerMessage(3403, LogLevel.Warning, "Listing the enabled websites to keep their grains active failed; trying again next period: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
