using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Uptime.Hub.Notifications.Delivery;

namespace Uptime.Hub.Notifications;

/// <summary>The delivery logs: a channel's deliveries and an incident's, newest first.</summary>
public sealed class DeliveryQueries(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT d.id, d.event_id, e.kind, e.incident_id, e.website_id, d.channel_id, c.name, c.type, d.policy_id, d.state, d.attempts,
               d.created_at, d.due_at, d.last_attempt_at, d.last_status, d.last_error, d.sent_at, d.group_size,
               (e.payload -> 'certificate')::text
        FROM notification_deliveries d
        JOIN notification_events e ON e.id = d.event_id
        JOIN notification_channels c ON c.id = d.channel_id
        """;

    /// <summary>The channel's newest deliveries, of one state or all; null when there is no such channel.</summary>
    public async Task<IReadOnlyList<DeliveryView>?> OfChannelAsync(Guid channelId, string? state, int take, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT 1 FROM notification_channels WHERE id = $1") { Parameters = { new() { Value = channelId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            {Select}
            WHERE d.channel_id = $1 AND ($2::text IS NULL OR d.state = $2)
            ORDER BY d.created_at DESC, d.id DESC
            LIMIT $3
            """)
        {
            Parameters =
            {
                new() { Value = channelId },
                new NpgsqlParameter<string?> { TypedValue = state, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = take },
            },
        });
        return await ReadAsync(batch, cancellationToken);
    }

    /// <summary>Every delivery of the incident's events, newest first; null when there is no such incident.</summary>
    public async Task<IReadOnlyList<DeliveryView>?> OfIncidentAsync(Guid incidentId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT 1 FROM incidents WHERE id = $1") { Parameters = { new() { Value = incidentId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"{Select} WHERE e.incident_id = $1 ORDER BY d.created_at DESC, d.id DESC")
        {
            Parameters = { new() { Value = incidentId } },
        });
        return await ReadAsync(batch, cancellationToken);
    }

    private static async Task<IReadOnlyList<DeliveryView>?> ReadAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken);
        var deliveries = new List<DeliveryView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new DeliveryView(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetString(2),
                NullableGuid(reader, 3),
                NullableGuid(reader, 4),
                reader.GetGuid(5),
                reader.GetString(6),
                reader.GetString(7),
                NullableGuid(reader, 8),
                reader.GetString(9),
                reader.GetInt32(10),
                reader.GetDateTime(11),
                reader.GetDateTime(12),
                reader.IsDBNull(13) ? null : reader.GetDateTime(13),
                reader.IsDBNull(14) ? null : reader.GetInt32(14),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.IsDBNull(16) ? null : reader.GetDateTime(16),
                reader.IsDBNull(17) ? null : reader.GetInt32(17),
                reader.IsDBNull(18) ? null : JsonSerializer.Deserialize<NotificationCertificate>(reader.GetString(18), OutboxClaims.PayloadJson)));
        }

        return deliveries;
    }

    private static Guid? NullableGuid(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetGuid(column);
}
