using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Notifications;
using Uptime.Hub.Notifications.Outbox;

namespace Uptime.Hub.Incidents;

/// <summary>
/// The writes to the incidents and their timelines (<c>sql/108_incidents.sql</c>), each change and its timeline entry in
/// one transaction with the notifications it causes (<see cref="NotificationOutbox"/>). The caller announces what changed once this returns, that is after the commit.
/// </summary>
public sealed class IncidentRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Who resolved an incident when the recovery rule did (<c>incidents.resolved_by</c>).</summary>
    public const string Automatic = "auto";

    private const int OpenAttempts = 5;

    /// <summary>
    /// The timeline entry with its votes as JSON; each vote's public key is copied from the validators table, so it still
    /// names the key after the validator is deleted.
    /// </summary>
    private const string InsertEvent = """
        INSERT INTO incident_events (incident_id, at, kind, actor, text, votes)
        SELECT $1, $2, $3, $4, $5, COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                    'validatorId', v.validator_id, 'publicKey', k.public_key, 'region', v.region,
                    'at', to_char(v.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                    'status', CASE WHEN v.good THEN 'Good' ELSE 'Bad' END, 'error', v.error, 'latencyMs', v.latency_ms,
                    'signature', v.signature, 'confirmation', v.confirmation)
                ORDER BY v.position)
            FROM unnest($6::uuid[], $7::text[], $8::timestamptz[], $9::boolean[], $10::text[], $11::float8[], $12::text[], $13::boolean[])
                WITH ORDINALITY AS v (validator_id, region, at, good, error, latency_ms, signature, confirmation, position)
            LEFT JOIN validators k ON k.id = v.validator_id), '[]')
        """;

    public async Task<OpenIncident?> FindOpenAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindOpenAsync(connection, null, websiteId, cancellationToken);
    }

    /// <summary>
    /// Inserts the incident unless the website has an open one, and then reads the open one: two activations racing both
    /// get the incident that won (the loser's insert waits for the winner's commit).
    /// </summary>
    public async Task<OpenIncident> OpenAsync(
        Guid websiteId, DateTime at, WebsiteHealth verdict, string reason, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken)
    {
        if (verdict is not (WebsiteHealth.Down or WebsiteHealth.Degraded))
        {
            throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "an incident opens on Down or Degraded");
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var id = Guid.CreateVersion7();
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO incidents (id, website_id, verdict, reason, opened_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (website_id) WHERE resolved_at IS NULL DO NOTHING
                """, connection, transaction))
            {
                insert.Parameters.Add(new() { Value = id });
                insert.Parameters.Add(new() { Value = websiteId });
                insert.Parameters.Add(new() { Value = verdict.ToString() });
                insert.Parameters.Add(new() { Value = reason });
                insert.Parameters.Add(new() { Value = at });
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    await InsertEventAsync(connection, transaction, id, at, IncidentEventKind.Opened, null, reason, votes, cancellationToken);
                    await NotificationOutbox.AddAsync(connection, transaction, NotificationEventKind.Opened, id, at, null, null, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return new OpenIncident(id, at, Opened: true);
                }
            }

            if (await FindOpenAsync(connection, transaction, websiteId, cancellationToken) is { } open)
            {
                return open;
            }

            // The incident that was in the way was resolved before it could be read: try again.
            if (attempt == OpenAttempts)
            {
                throw new InvalidOperationException($"could not open an incident for website {websiteId}: its open incidents kept resolving");
            }
        }
    }

    /// <summary>A timeline entry written by the hub (a confirmation, a verdict); throws when the incident does not exist.</summary>
    public async Task AddEventAsync(
        Guid incidentId, DateTime at, string kind, string text, IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken)
    {
        if (kind is not (IncidentEventKind.Confirmation or IncidentEventKind.Verdict))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "the hub adds confirmation or verdict entries");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await InsertEventAsync(connection, null, incidentId, at, kind, null, text, votes, cancellationToken);
    }

    /// <summary>Resolves an open incident, by the recovery rule (<see cref="Automatic"/>) or by an operator.</summary>
    public Task<IncidentWrite> ResolveAsync(Guid incidentId, DateTime at, string by, string resolution, CancellationToken cancellationToken) =>
        ChangeAsync(incidentId, cancellationToken, async (connection, transaction, current) =>
        {
            if (current.Resolved)
            {
                return IncidentWriteOutcome.AlreadyResolved;
            }

            await using var update = new NpgsqlCommand(
                "UPDATE incidents SET resolved_at = $2, resolved_by = $3, resolution = $4 WHERE id = $1", connection, transaction);
            update.Parameters.Add(new() { Value = incidentId });
            update.Parameters.Add(new() { Value = at });
            update.Parameters.Add(new() { Value = by });
            update.Parameters.Add(new() { Value = resolution });
            await update.ExecuteNonQueryAsync(cancellationToken);
            await InsertEventAsync(connection, transaction, incidentId, at, IncidentEventKind.Resolved, by, resolution, [], cancellationToken);
            await NotificationOutbox.AddAsync(connection, transaction, NotificationEventKind.Resolved, incidentId, at, by, resolution, cancellationToken);
            return IncidentWriteOutcome.Done;
        });

    /// <summary>
    /// Acknowledges an open incident; an acknowledged one keeps its first acknowledgement (who, when) and gets
    /// <paramref name="note"/> as a note; a resolved one is left alone.
    /// </summary>
    public Task<IncidentWrite> AcknowledgeAsync(Guid incidentId, DateTime at, string by, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(incidentId, cancellationToken, async (connection, transaction, current) =>
        {
            if (current.Resolved)
            {
                return IncidentWriteOutcome.AlreadyResolved;
            }

            if (current.Acknowledged)
            {
                if (note is not null)
                {
                    await InsertEventAsync(connection, transaction, incidentId, at, IncidentEventKind.Note, by, note, [], cancellationToken);
                }

                return IncidentWriteOutcome.AlreadyAcknowledged;
            }

            await using var update = new NpgsqlCommand(
                "UPDATE incidents SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1", connection, transaction);
            update.Parameters.Add(new() { Value = incidentId });
            update.Parameters.Add(new() { Value = at });
            update.Parameters.Add(new() { Value = by });
            await update.ExecuteNonQueryAsync(cancellationToken);
            await InsertEventAsync(connection, transaction, incidentId, at, IncidentEventKind.Acknowledged, by, note ?? "", [], cancellationToken);
            await NotificationOutbox.AddAsync(connection, transaction, NotificationEventKind.Acknowledged, incidentId, at, by, note, cancellationToken);
            return IncidentWriteOutcome.Done;
        });

    /// <summary>An operator's note on the timeline, open or resolved.</summary>
    public Task<IncidentWrite> AddNoteAsync(Guid incidentId, DateTime at, string by, string text, CancellationToken cancellationToken) =>
        ChangeAsync(incidentId, cancellationToken, async (connection, transaction, _) =>
        {
            await InsertEventAsync(connection, transaction, incidentId, at, IncidentEventKind.Note, by, text, [], cancellationToken);
            return IncidentWriteOutcome.Done;
        });

    /// <summary>Runs <paramref name="change"/> on the incident's row, locked, in one transaction.</summary>
    private async Task<IncidentWrite> ChangeAsync(
        Guid incidentId, CancellationToken cancellationToken,
        Func<NpgsqlConnection, NpgsqlTransaction, (bool Acknowledged, bool Resolved), Task<IncidentWriteOutcome>> change)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid websiteId;
        (bool Acknowledged, bool Resolved) current;
        await using (var select = new NpgsqlCommand(
            "SELECT website_id, acknowledged_at IS NOT NULL, resolved_at IS NOT NULL FROM incidents WHERE id = $1 FOR UPDATE",
            connection, transaction))
        {
            select.Parameters.Add(new() { Value = incidentId });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new IncidentWrite(IncidentWriteOutcome.NotFound, Guid.Empty);
            }

            websiteId = reader.GetGuid(0);
            current = (reader.GetBoolean(1), reader.GetBoolean(2));
        }

        var outcome = await change(connection, transaction, current);
        await transaction.CommitAsync(cancellationToken);
        return new IncidentWrite(outcome, websiteId);
    }

    private static async Task<OpenIncident?> FindOpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid websiteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id, opened_at FROM incidents WHERE website_id = $1 AND resolved_at IS NULL", connection, transaction);
        command.Parameters.Add(new() { Value = websiteId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new OpenIncident(reader.GetGuid(0), reader.GetDateTime(1), Opened: false) : null;
    }

    private static async Task InsertEventAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid incidentId, DateTime at, string kind, string? actor, string text,
        IReadOnlyList<IncidentVote> votes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertEvent, connection, transaction);
        command.Parameters.Add(new() { Value = incidentId });
        command.Parameters.Add(new() { Value = at });
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = actor, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = text });
        command.Parameters.Add(new() { Value = votes.Select(v => v.ValidatorId).ToArray() });
        command.Parameters.Add(new() { Value = votes.Select(v => v.Region).ToArray() });
        command.Parameters.Add(new() { Value = votes.Select(v => v.At).ToArray() });
        command.Parameters.Add(new() { Value = votes.Select(v => v.Good).ToArray() });
        command.Parameters.Add(new() { Value = votes.Select(v => v.Error).ToArray() });
        command.Parameters.Add(new() { Value = votes.Select(v => v.LatencyMs).ToArray() });
        command.Parameters.Add(new() { Value = votes.Select(v => v.Signature).ToArray() });
        command.Parameters.Add(new() { Value = votes.Select(v => v.Confirmation).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>What an operator's change or a resolution did; <see cref="WebsiteId"/> is the incident's website (empty when not found).</summary>
public sealed record IncidentWrite(IncidentWriteOutcome Outcome, Guid WebsiteId);

public enum IncidentWriteOutcome
{
    Done,
    NotFound,
    AlreadyAcknowledged,
    AlreadyResolved,
}
