using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Uptime.Hub.Notifications.Delivery;

/// <summary>
/// The outbox reads and writes of a delivery round, all in the round's transaction: the channel and its due deliveries
/// stay locked (<c>FOR UPDATE</c>) from before the send until the outcome is committed, so no other silo sends them
/// meanwhile; a silo that dies in between releases the locks and another sends them again, with the same idempotency key.
/// </summary>
public static class OutboxClaims
{
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>Deliveries taken into one message at most (one grouped message of a storm).</summary>
    public const int MaxGroup = 1000;

    /// <summary>
    /// Deliveries a round sends one by one (PagerDuty, or no grouping window) before it commits: few, so a silo that dies
    /// mid-round leaves few sent-but-uncommitted deliveries to be sent again.
    /// </summary>
    public const int MaxSingles = 10;

    /// <summary>
    /// A channel with a due delivery whose grouping window is over and that no other silo is sending on, locked; the one
    /// whose delivery is due longest.
    /// </summary>
    public static async Task<ChannelRecord?> LockNextChannelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($$"""
            SELECT {{ChannelRepository.Columns}}
            FROM notification_channels c
            JOIN LATERAL (
                SELECT min(d.due_at) AS due FROM notification_deliveries d
                WHERE d.channel_id = c.id AND d.state = 'pending' AND d.due_at <= $1) first ON first.due IS NOT NULL
            WHERE c.next_send_at IS NULL OR c.next_send_at <= $1
            ORDER BY first.due
            LIMIT 1
            FOR UPDATE OF c SKIP LOCKED
            """, connection, transaction);
        command.Parameters.Add(new() { Value = now });
        return (await ChannelRepository.ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The channel's due deliveries, oldest first, at most <paramref name="limit"/>, locked.</summary>
    public static async Task<IReadOnlyList<DueDelivery>> LockDueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid channelId, DateTime now, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT d.id, d.event_id, d.created_at, d.attempts, e.at, e.payload::text
            FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
            WHERE d.channel_id = $1 AND d.state = 'pending' AND d.due_at <= $2
            ORDER BY d.due_at, d.id
            LIMIT $3
            FOR UPDATE OF d SKIP LOCKED
            """, connection, transaction);
        command.Parameters.Add(new() { Value = channelId });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DueDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var payload = JsonSerializer.Deserialize<NotificationPayload>(reader.GetString(5), PayloadJson)
                ?? throw new JsonException($"notification event {reader.GetGuid(1)} has no payload");
            due.Add(new DueDelivery(reader.GetGuid(0), reader.GetGuid(1), reader.GetDateTime(2), reader.GetInt32(3), reader.GetDateTime(4), payload));
        }

        return due;
    }

    /// <summary>Writes what the attempts did, one row per delivery.</summary>
    public static async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<DeliveryOutcome> outcomes, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE notification_deliveries d
            SET state = o.state, due_at = o.due_at, last_status = o.status, last_error = o.error, sent_at = o.sent_at,
                group_size = o.group_size,
                attempts = d.attempts + CASE WHEN o.state = 'skipped' THEN 0 ELSE 1 END,
                last_attempt_at = CASE WHEN o.state = 'skipped' THEN d.last_attempt_at ELSE $8 END
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::integer[], $5::text[], $6::timestamptz[], $7::integer[])
                AS o (id, state, due_at, status, error, sent_at, group_size)
            WHERE d.id = o.id
            """, connection, transaction);
        command.Parameters.Add(new() { Value = outcomes.Select(o => o.Id).ToArray() });
        command.Parameters.Add(new() { Value = outcomes.Select(o => o.State).ToArray() });
        command.Parameters.Add(new() { Value = outcomes.Select(o => o.DueAt).ToArray() });
        command.Parameters.Add(new() { Value = outcomes.Select(o => o.Status).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = outcomes.Select(o => o.Error).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = outcomes.Select(o => o.SentAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = outcomes.Select(o => o.GroupSize).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets when the channel may send next (the end of its grouping window, or a receiver's Retry-After).</summary>
    public static async Task HoldChannelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid channelId, DateTime until, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE notification_channels SET next_send_at = $2 WHERE id = $1", connection, transaction);
        command.Parameters.Add(new() { Value = channelId });
        command.Parameters.Add(new() { Value = until });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
