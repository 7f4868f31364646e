using Npgsql;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Canaries;

/// <summary>
/// Sends a canary round to this silo's validators at every multiple of the canary interval (the same instants on every
/// silo); each connection's rounds take answers until the round after the next begins. Without canaries it forgets every impairment once
/// at start: nothing could ever end one.
/// </summary>
public sealed partial class CanaryScheduler(
    CanaryTargets canaries, LocalValidators validators, NpgsqlDataSource dataSource, TimeProvider time, ILogger<CanaryScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (canaries.All.IsEmpty)
        {
            LogNoCanaries(logger);
            await ClearImpairmentsAsync(stoppingToken);
            return;
        }

        LogCanaries(logger, canaries.All.Length, canaries.Interval.TotalSeconds, string.Join(", ", canaries.All.Select(canary => canary.Url)));
        var dueAt = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            dueAt = NextRound(now, dueAt, canaries.Interval);
            await Task.Delay(dueAt - now, time, stoppingToken);
            validators.DispatchCanaries(canaries.Round(dueAt));
        }
    }

    /// <summary>
    /// The first multiple of <paramref name="interval"/> after <paramref name="now"/> and after the round sent last: a
    /// delay may end a moment early, and that round must not be sent twice.
    /// </summary>
    public static DateTime NextRound(DateTime now, DateTime last, TimeSpan interval)
    {
        var after = now > last ? now : last;
        return new((after.Ticks / interval.Ticks + 1) * interval.Ticks, DateTimeKind.Utc);
    }

    private async Task ClearImpairmentsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                "UPDATE validators SET impaired_since = NULL, impaired_reason = NULL WHERE impaired_since IS NOT NULL");
            await command.ExecuteNonQueryAsync(stoppingToken);
        }
        catch (NpgsqlException e)
        {
            LogClearFailed(logger, e.Message);
        }
    }

    [LoggerMessage(5101, LogLevel.Information, "🐤 Canaries: {Count} checked by every validator every {Seconds:0} s: {Urls}")]
    private static partial void LogCanaries(ILogger logger, int count, double seconds, string urls);

    [LoggerMessage(
        5102, LogLevel.Information,
        "🐤 No canaries (set HUB_PUBLIC_URL for the hub's own, HUB_CANARY_URLS for others): validators are never marked impaired")]
    private static partial void LogNoCanaries(ILogger logger);

    [LoggerMessage(5103, LogLevel.Warning, "Forgetting the impairments of validators failed: {Reason}")]
    private static partial void LogClearFailed(ILogger logger, string reason);
}
