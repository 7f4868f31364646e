using Npgsql;
using Uptime.Hub.Database;
using Uptime.Hub.Notifications.Outbox;

namespace Uptime.Hub.Notifications.Reminders;

/// <summary>
/// Every silo, every <see cref="Period"/>: writes a reminder event for each open incident whose next reminder (per policy,
/// <c>notification_reminders</c>) is due, to that policy's channels, and moves the reminder on — rows locked and skipped
/// by the other silos, so each reminder is written once. Then counts the outbox for the metrics.
/// </summary>
public sealed partial class ReminderScheduler(NpgsqlDataSource dataSource, NotificationMetrics metrics, TimeProvider time, ILogger<ReminderScheduler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RemindAsync(stoppingToken);
                await CountAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseUnavailable.Explain(e) is { } reason)
            {
                LogDatabaseUnavailable(logger, reason);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRoundFailed(logger, e);
            }

            await Task.Delay(Period, time, stoppingToken);
        }
    }

    /// <summary>Writes the reminders due now; how many.</summary>
    public async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<(Guid Incident, Guid Policy, int Minutes)>();
        await using (var select = new NpgsqlCommand("""
            SELECT r.incident_id, r.policy_id, p.reminder_minutes
            FROM notification_reminders r
            JOIN incidents i ON i.id = r.incident_id AND i.resolved_at IS NULL
            JOIN notification_policies p ON p.id = r.policy_id
            WHERE r.next_at <= $1
            ORDER BY r.next_at
            LIMIT $2
            FOR UPDATE OF r SKIP LOCKED
            """, connection, transaction))
        {
            select.Parameters.Add(new() { Value = now });
            select.Parameters.Add(new() { Value = Batch });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2)));
            }
        }

        foreach (var (incident, policy, minutes) in due)
        {
            if (minutes > 0)
            {
                await NotificationOutbox.AddAsync(connection, transaction, NotificationEventKind.Reminder, incident, now, null, null, cancellationToken, policy);
            }

            await using var move = new NpgsqlCommand(
                minutes > 0
                    ? "UPDATE notification_reminders SET next_at = $3 WHERE incident_id = $1 AND policy_id = $2"
                    : "DELETE FROM notification_reminders WHERE incident_id = $1 AND policy_id = $2",
                connection, transaction);
            move.Parameters.Add(new() { Value = incident });
            move.Parameters.Add(new() { Value = policy });
            if (minutes > 0)
            {
                move.Parameters.Add(new() { Value = now.AddMinutes(minutes) });
            }

            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Count(d => d.Minutes > 0);
    }

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'dead') FROM notification_deliveries
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        metrics.Counted(reader.GetInt64(0), reader.GetInt64(1));
    }

    [LoggerMessage(1611, LogLevel.Warning, "Notification reminders wait for the database: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(1612, LogLevel.Error, "A notification reminder round failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
