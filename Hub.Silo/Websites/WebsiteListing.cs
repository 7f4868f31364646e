using Npgsql;

namespace Uptime.Hub.Websites;

/// <summary>
/// Pages of websites filtered and sorted by the status kept on the websites row (see sql/103_website_status.sql), so
/// listing, counting and filtering never ask a website grain.
/// </summary>
public sealed class WebsiteListing(NpgsqlDataSource dataSource)
{
    private const string Columns = WebsiteRecord.Columns;

    private const string DisplayStatus = "CASE WHEN NOT enabled THEN 'Paused' ELSE status END";

    private const string Filter = $"""
        ($1::text IS NULL OR {DisplayStatus} = $1)
        AND ($2::text IS NULL OR strpos(lower(url), lower($2)) > 0 OR strpos(lower(name), lower($2)) > 0)
        AND ($3::text IS NULL OR tags @> ARRAY[$3::text])
        """;

    private const string StatusRank = "CASE WHEN NOT enabled THEN 5 WHEN status = 'Down' THEN 0 WHEN status = 'Degraded' THEN 1 WHEN status = 'Maintenance' THEN 2 WHEN status = 'Unknown' THEN 3 ELSE 4 END";

    public async Task<WebsitePage> ListAsync(WebsiteListQuery query, CancellationToken cancellationToken)
    {
        var direction = query.Descending ? "DESC" : "ASC";
        var order = query.Sort == WebsiteListQuery.ByStatus
            ? $"{StatusRank} {direction}, url, id"
            : $"url {direction}, id {direction}";

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT count(*)::integer FROM websites WHERE {Filter}", query));
        batch.BatchCommands.Add(Command(
            $"SELECT {Columns}, {DisplayStatus} FROM websites WHERE id IN ({WebsiteRecord.PageIds($"WHERE {Filter} ORDER BY {order}", "$4", "$5")}) ORDER BY {order}",
            query,
            query.Limit,
            query.Offset));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {DisplayStatus}, count(*)::integer FROM websites GROUP BY 1"));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt32(0);

        await reader.NextResultAsync(cancellationToken);
        var websites = new List<WebsiteRecord>();
        var countedAs = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            websites.Add(WebsiteRecord.Read(reader));
            countedAs.Add(reader.GetString(WebsiteRecord.ColumnCount));
        }

        await reader.NextResultAsync(cancellationToken);
        var counts = WebsiteListQuery.Statuses.ToDictionary(s => s, _ => 0);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return new WebsitePage(total, counts, websites, countedAs);
    }

    private static NpgsqlBatchCommand Command(string sql, WebsiteListQuery query, params int[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query.Status, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var text = string.IsNullOrEmpty(query.Text) ? null : query.Text;
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = text, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query.Tag, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        foreach (var value in more)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }
}
