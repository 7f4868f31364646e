using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace Uptime.Hub.Incidents;

/// <summary>The reads of the incidents API: a filtered page of incidents, newest first, and one incident with its timeline.</summary>
public sealed class IncidentQueries(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT i.id, i.website_id, w.url, i.verdict, i.reason, i.opened_at, i.acknowledged_at, i.acknowledged_by,
               i.resolved_at, i.resolved_by, i.resolution
        FROM incidents i JOIN websites w ON w.id = i.website_id
        """;

    private static readonly JsonSerializerOptions _votes = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The incidents of <paramref name="filter"/>, newest first: of one website or all, open, resolved or both, and those
    /// open at some time from <see cref="IncidentFilter.Since"/> to before <see cref="IncidentFilter.Until"/>.
    /// </summary>
    public async Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            {Select}
            WHERE ($1::uuid IS NULL OR i.website_id = $1)
              AND ($2::text = 'all' OR ($2::text = 'open') = (i.resolved_at IS NULL))
              AND ($3::timestamptz IS NULL OR i.resolved_at IS NULL OR i.resolved_at >= $3)
              AND ($4::timestamptz IS NULL OR i.opened_at < $4)
            ORDER BY i.opened_at DESC, i.id DESC
            LIMIT $5 OFFSET $6
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = filter.WebsiteId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = filter.State });
        command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = filter.Since, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime?> { TypedValue = filter.Until, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = filter.Take });
        command.Parameters.Add(new() { Value = filter.Skip });
        var incidents = new List<IncidentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(ReadIncident(reader));
        }

        return incidents;
    }

    /// <summary>The incident and its timeline, oldest entry first; null when there is no such incident.</summary>
    public async Task<(IncidentRecord Incident, IReadOnlyList<IncidentEventView> Timeline)?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"{Select} WHERE i.id = $1") { Parameters = { new() { Value = id } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT id, at, kind, actor, text, votes::text FROM incident_events WHERE incident_id = $1 ORDER BY at, id")
        {
            Parameters = { new() { Value = id } },
        });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var incident = ReadIncident(reader);
        await reader.NextResultAsync(cancellationToken);
        var timeline = new List<IncidentEventView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            timeline.Add(new IncidentEventView(
                reader.GetInt64(0),
                reader.GetDateTime(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                JsonSerializer.Deserialize<IncidentVoteView[]>(reader.GetString(5), _votes)!));
        }

        return (incident, timeline);
    }

    private static IncidentRecord ReadIncident(DbDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetDateTime(5),
        NullableTime(reader, 6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        NullableTime(reader, 8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    private static DateTime? NullableTime(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDateTime(column);
}

/// <summary>Which incidents to list (<see cref="IncidentListQuery"/> reads them from the query string).</summary>
public sealed record IncidentFilter(Guid? WebsiteId, string State, DateTime? Since, DateTime? Until, int Take, int Skip);
