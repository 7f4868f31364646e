using Npgsql;
using Uptime.Hub.Database;

namespace Uptime.Hub.Notifications.Delivery;

/// <summary>
/// Delivers the outbox from this silo (every silo runs one): a few loops, each taking the channel whose delivery is due
/// longest (locked, so silos share the work without sending twice), sending its due deliveries as one message, recording
/// the outcomes and, after a message, holding the channel for the grouping window — all in one transaction.
/// </summary>
public sealed partial class DeliveryWorker(
    NpgsqlDataSource dataSource, ChannelSend send, NotificationOptions options, TimeProvider time, ILogger<DeliveryWorker> logger)
    : BackgroundService
{
    /// <summary>Channels this silo sends on at once (a slow receiver holds one loop only).</summary>
    private const int Loops = 4;

    private static readonly TimeSpan _idlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _failurePause = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Loops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await DeliverNextAsync(stoppingToken))
                {
                    await Task.Delay(_idlePoll, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseUnavailable.Explain(e) is { } reason)
            {
                LogDatabaseUnavailable(logger, reason);
                await Task.Delay(_failurePause, time, stoppingToken);
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, e);
                await Task.Delay(_failurePause, time, stoppingToken);
            }
        }
    }

    /// <summary>One channel's due deliveries; false when nothing was due (or all of it is being written by others).</summary>
    public async Task<bool> DeliverNextAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await OutboxClaims.LockNextChannelAsync(connection, transaction, now, cancellationToken) is not { } channel)
        {
            return false;
        }

        var due = await OutboxClaims.LockDueAsync(connection, transaction, channel.Id, now, cancellationToken);
        if (due.Count == 0)
        {
            return false;
        }

        var result = await send.SendAsync(channel, due, now, cancellationToken);
        var finished = time.GetUtcNow().UtcDateTime;
        await OutboxClaims.RecordAsync(connection, transaction, result.Outcomes, finished, cancellationToken);
        var window = result.AnySent && channel.Type != "pagerduty" ? options.GroupWindow : TimeSpan.Zero;
        var hold = result.RetryAfter > window ? result.RetryAfter.Value : window;
        if (hold > TimeSpan.Zero)
        {
            await OutboxClaims.HoldChannelAsync(connection, transaction, channel.Id, finished + hold, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var outcome in result.Outcomes.Where(o => o.State != DeliveryState.Sent))
        {
            LogNotSent(logger, outcome.Id, channel.Name, outcome.State, outcome.Error);
        }

        return true;
    }

    [LoggerMessage(1601, LogLevel.Warning, "Notification delivery {DeliveryId} to channel '{Channel}' not sent ({State}): {Error}")]
    private static partial void LogNotSent(ILogger logger, Guid deliveryId, string channel, string state, string? error);

    [LoggerMessage(1602, LogLevel.Warning, "Notifications wait for the database: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(1603, LogLevel.Error, "A notification delivery round failed; its deliveries are tried again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
