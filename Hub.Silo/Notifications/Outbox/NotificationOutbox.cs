using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Uptime.Hub.Notifications.Delivery;

namespace Uptime.Hub.Notifications.Outbox;

/// <summary>
/// Writes an incident change's notifications into the outbox, inside the transaction of the change (so a committed change
/// always has its notifications and a rolled-back one has none): the event with a snapshot of what its messages say, and
/// one pending delivery per channel the routing picks. The routing, in SQL over <c>notification_policies</c>: the enabled
/// policies that cover the website (all websites, its id, or one of its tags) and route the event's kind; the default
/// policy when no enabled non-default policy covers the website. A channel in several of those policies gets one delivery,
/// held back by the smallest quiet delay ('opened' only). A certificate warning, which has no incident, is routed the
/// same way (<see cref="AddCertificateAsync"/>): due at once, never reminded.
/// </summary>
public static class NotificationOutbox
{
    /// <summary>
    /// The event row: the snapshot is built from the incident, its website and the votes of its 'opened' entry. $1 event id,
    /// $2 kind, $3 incident id, $4 at, $5 actor, $6 note.
    /// </summary>
    private static readonly string _insertEvent = $$"""
        INSERT INTO notification_events (id, kind, incident_id, website_id, at, payload)
        SELECT $1, $2, i.id, i.website_id, $4, jsonb_build_object(
            'kind', $2, 'at', {{Utc("$4")}}, 'incidentId', i.id, 'websiteId', i.website_id, 'websiteName', w.name,
            'websiteUrl', w.url, 'tags', to_jsonb(COALESCE(w.tags, '{}')), 'verdict', i.verdict, 'reason', i.reason,
            'openedAt', {{Utc("i.opened_at")}}, 'acknowledgedAt', {{Utc("i.acknowledged_at")}}, 'actor', $5::text, 'note', $6::text,
            'resolvedAt', {{Utc("i.resolved_at")}}, 'resolution', i.resolution,
            'votes', COALESCE((
                SELECT jsonb_agg(jsonb_build_object(
                    'region', v ->> 'region', 'status', v ->> 'status', 'error', v -> 'error', 'latencyMs', v -> 'latencyMs', 'at', v -> 'at'))
                FROM incident_events e, jsonb_array_elements(e.votes) v
                WHERE e.incident_id = i.id AND e.kind = 'opened'), '[]'))
        FROM incidents i LEFT JOIN websites w ON w.id = i.website_id
        WHERE i.id = $3
        RETURNING website_id
        """;

    /// <summary>A timestamp as the JSON of the API writes it (UTC, 'Z'), whatever the session's time zone.</summary>
    private static string Utc(string expression) =>
        $"to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

    /// <summary>
    /// The policies routing this event ($1 kind, $2 website id; $3 only this policy, for a reminder), and the deliveries to
    /// their enabled channels — minus channels whose 'opened' of this incident ($4) was skipped (an outage that ended within
    /// the quiet delay tells nobody it ended). $5 event id, $6 at.
    /// </summary>
    private const string Routing = """
        WITH website AS (SELECT COALESCE((SELECT tags FROM websites WHERE id = $2), '{}') AS tags),
        covering AS (
            SELECT p.* FROM notification_policies p, website w
            WHERE p.enabled AND NOT p.is_default
              AND ((p.website_ids IS NULL AND p.tags IS NULL) OR $2 = ANY (p.website_ids) OR p.tags && w.tags)),
        chosen AS (
            SELECT * FROM covering WHERE $3::uuid IS NULL
            UNION ALL
            SELECT p.* FROM notification_policies p
            WHERE $3::uuid IS NULL AND p.enabled AND p.is_default AND NOT EXISTS (SELECT 1 FROM covering)
            UNION ALL
            SELECT p.* FROM notification_policies p WHERE p.id = $3)
        """;

    private const string InsertDeliveries = Routing + """
        ,
        targets AS (
            SELECT DISTINCT ON (c.id) c.id AS channel_id, p.id AS policy_id, p.quiet_seconds
            FROM chosen p
            JOIN notification_policy_channels pc ON pc.policy_id = p.id
            JOIN notification_channels c ON c.id = pc.channel_id AND c.enabled
            WHERE $1 = ANY (p.events)
              AND NOT EXISTS (
                  SELECT 1 FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
                  WHERE e.incident_id = $4 AND e.kind = 'opened' AND d.channel_id = c.id AND d.state = 'skipped')
            ORDER BY c.id, p.quiet_seconds)
        INSERT INTO notification_deliveries (id, event_id, channel_id, policy_id, created_at, due_at)
        SELECT gen_random_uuid(), $5, channel_id, policy_id, $6,
               CASE WHEN $1 = 'opened' THEN $6 + make_interval(secs => quiet_seconds) ELSE $6 END
        FROM targets
        """;

    /// <summary>When an incident opens: its first reminder per policy that reminds ($1 kind is 'opened').</summary>
    private const string InsertReminders = Routing + """
        INSERT INTO notification_reminders (incident_id, policy_id, next_at)
        SELECT $4, p.id, $6 + make_interval(secs => p.quiet_seconds + p.reminder_minutes * 60)
        FROM chosen p
        WHERE p.reminder_minutes > 0 AND 'reminder' = ANY (p.events)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// When an incident resolves: its 'opened' deliveries still held by a quiet delay are skipped (a locked one is being
    /// sent right now and stays), and its reminders end.
    /// </summary>
    private const string EndOutage = """
        WITH held AS (
            SELECT d.id FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
            WHERE e.incident_id = $1 AND e.kind = 'opened' AND d.state = 'pending' AND d.attempts = 0 AND d.due_at > $2
            FOR UPDATE OF d SKIP LOCKED),
        skipped AS (
            UPDATE notification_deliveries SET state = 'skipped', last_error = 'the outage ended within the quiet delay'
            WHERE id IN (SELECT id FROM held))
        DELETE FROM notification_reminders WHERE incident_id = $1
        """;

    /// <summary>
    /// Writes the event of <paramref name="kind"/> about <paramref name="incidentId"/> and its deliveries; a reminder goes to
    /// <paramref name="onlyPolicy"/>'s channels. Call after the incident row has its new state, in the same transaction.
    /// </summary>
    public static async Task AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, Guid incidentId, DateTime at, string? actor, string? note,
        CancellationToken cancellationToken, Guid? onlyPolicy = null)
    {
        if (kind == NotificationEventKind.Resolved)
        {
            await using var end = new NpgsqlCommand(EndOutage, connection, transaction);
            end.Parameters.Add(new() { Value = incidentId });
            end.Parameters.Add(new() { Value = at });
            await end.ExecuteNonQueryAsync(cancellationToken);
        }

        var eventId = Guid.CreateVersion7();
        Guid websiteId;
        await using (var insert = new NpgsqlCommand(_insertEvent, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = eventId });
            insert.Parameters.Add(new() { Value = kind });
            insert.Parameters.Add(new() { Value = incidentId });
            insert.Parameters.Add(new() { Value = at });
            insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = actor, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = note, NpgsqlDbType = NpgsqlDbType.Text });
            if (await insert.ExecuteScalarAsync(cancellationToken) is not Guid website)
            {
                return;
            }

            websiteId = website;
        }

        await RouteAsync(InsertDeliveries, connection, transaction, kind, websiteId, onlyPolicy, incidentId, eventId, at, cancellationToken);
        if (kind == NotificationEventKind.Opened)
        {
            await RouteAsync(InsertReminders, connection, transaction, kind, websiteId, onlyPolicy, incidentId, eventId, at, cancellationToken);
        }
    }

    /// <summary>
    /// Writes a <c>certificate</c> event with <paramref name="payload"/> (its snapshot, built by the caller) and its
    /// deliveries, in the caller's transaction: the one that records the warning as given.
    /// </summary>
    public static async Task AddCertificateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NotificationPayload payload, CancellationToken cancellationToken)
    {
        var eventId = Guid.CreateVersion7();
        var websiteId = payload.WebsiteId ?? throw new ArgumentException("a certificate event names its website", nameof(payload));
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO notification_events (id, kind, website_id, at, payload) VALUES ($1, $2, $3, $4, $5::jsonb)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = eventId });
            insert.Parameters.Add(new() { Value = NotificationEventKind.Certificate });
            insert.Parameters.Add(new() { Value = websiteId });
            insert.Parameters.Add(new() { Value = payload.At });
            insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(payload, OutboxClaims.PayloadJson) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await RouteAsync(
            InsertDeliveries, connection, transaction, NotificationEventKind.Certificate, websiteId, null, null, eventId, payload.At, cancellationToken);
    }

    private static async Task RouteAsync(
        string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, Guid websiteId, Guid? onlyPolicy, Guid? incidentId,
        Guid eventId, DateTime at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = websiteId });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = onlyPolicy, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = incidentId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = eventId });
        command.Parameters.Add(new() { Value = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
