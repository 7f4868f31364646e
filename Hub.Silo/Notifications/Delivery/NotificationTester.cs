using System.Text.Json;
using Npgsql;

namespace Uptime.Hub.Notifications.Delivery;

/// <summary>
/// Sends a test event to one channel at once, outside the outbox's queue (an operator waits for the answer), then records
/// it in the channel's delivery log like any other delivery.
/// </summary>
public sealed class NotificationTester(NpgsqlDataSource dataSource, ChannelRepository channels, ChannelSend send, TimeProvider time) : INotificationTester
{
    public async Task<DeliveryResult?> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken)
    {
        if (await channels.FindAsync(channelId, cancellationToken) is not { } channel)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var payload = new NotificationPayload(
            NotificationEventKind.Test, now, null, null, null, null, [], null, $"a test sent by {actor}", null, null, actor, null, null, null, []);
        var delivery = new DueDelivery(Guid.CreateVersion7(), Guid.CreateVersion7(), now, 0, now, payload);
        var result = await send.SendAsync(channel with { Enabled = true }, [delivery], now, cancellationToken);
        var outcome = result.Outcomes[0];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO notification_events (id, kind, at, payload) VALUES ($1, 'test', $2, $3::jsonb)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = delivery.EventId });
            insert.Parameters.Add(new() { Value = now });
            insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(payload, OutboxClaims.PayloadJson) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO notification_deliveries (id, event_id, channel_id, created_at, due_at) VALUES ($1, $2, $3, $4, $4)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = delivery.Id });
            insert.Parameters.Add(new() { Value = delivery.EventId });
            insert.Parameters.Add(new() { Value = channelId });
            insert.Parameters.Add(new() { Value = now });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var final = outcome.State == DeliveryState.Pending ? outcome with { State = DeliveryState.Dead, DueAt = now } : outcome;
        await OutboxClaims.RecordAsync(connection, transaction, [final], time.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome.State == DeliveryState.Sent
            ? DeliveryResult.Success(outcome.Status)
            : new DeliveryResult(false, outcome.Status, outcome.Error);
    }
}
