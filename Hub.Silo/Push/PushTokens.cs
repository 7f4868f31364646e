using Npgsql;

namespace Uptime.Hub.Push;

/// <summary>The push monitors' secrets in the websites table (push_token, sql/111).</summary>
public sealed class PushTokens(NpgsqlDataSource dataSource)
{
    /// <summary>Longer than any token the database makes: refused without a query.</summary>
    public const int MaxLength = 64;

    /// <summary>The push monitor whose token is <paramref name="token"/>; null for none (a website of another type included).</summary>
    public async Task<Guid?> FindPushMonitorAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > MaxLength)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("SELECT id FROM websites WHERE push_token = $1 AND monitor_type = 'push'");
        command.Parameters.Add(new() { Value = token });
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    /// <summary>The tokens of those of <paramref name="websiteIds"/> that are push monitors.</summary>
    public async Task<Dictionary<Guid, string>> OfPushMonitorsAsync(IReadOnlyCollection<Guid> websiteIds, CancellationToken cancellationToken)
    {
        var tokens = new Dictionary<Guid, string>();
        if (websiteIds.Count == 0)
        {
            return tokens;
        }

        await using var command = dataSource.CreateCommand("SELECT id, push_token FROM websites WHERE id = ANY($1) AND monitor_type = 'push'");
        command.Parameters.Add(new() { Value = websiteIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens[reader.GetGuid(0)] = reader.GetString(1);
        }

        return tokens;
    }

    /// <summary>Gives the push monitor a new token (the old one stops working at once); null when it is no push monitor.</summary>
    public async Task<string?> RotateAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE websites SET push_token = replace(gen_random_uuid()::text, '-', ''), updated_at = now()
            WHERE id = $1 AND monitor_type = 'push'
            RETURNING push_token
            """);
        command.Parameters.Add(new() { Value = websiteId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Whether the website exists at all (to tell a missing website from one of another type).</summary>
    public async Task<bool> WebsiteExistsAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM websites WHERE id = $1)");
        command.Parameters.Add(new() { Value = websiteId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
