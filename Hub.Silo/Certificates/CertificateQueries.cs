using Npgsql;

namespace Uptime.Hub.Certificates;

/// <summary>Reads the certificates validators saw (<c>website_certificates</c>), with the websites they belong to.</summary>
public sealed class CertificateQueries(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT c.website_id, w.name, w.url, c.expires_at, c.subject, c.issuer, c.names, c.seen_at, c.validator_id, c.warned_days
        FROM website_certificates c JOIN websites w ON w.id = c.website_id
        """;

    public async Task<CertificateRecord?> FindAsync(Guid websiteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select + " WHERE c.website_id = $1");
        command.Parameters.Add(new() { Value = websiteId });
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The certificates expiring before <paramref name="before"/>, soonest first.</summary>
    public async Task<IReadOnlyList<CertificateRecord>> ExpiringAsync(DateTime before, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select + " WHERE c.expires_at < $1 ORDER BY c.expires_at, c.website_id LIMIT $2");
        command.Parameters.Add(new() { Value = before });
        command.Parameters.Add(new() { Value = limit });
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<List<CertificateRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var certificates = new List<CertificateRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            certificates.Add(new CertificateRecord(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.GetDateTime(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<string[]>(6),
                reader.GetDateTime(7),
                reader.GetGuid(8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9)));
        }

        return certificates;
    }
}

/// <summary>A website's certificate as last seen; <c>WarnedDays</c>: the smallest expiry threshold already announced.</summary>
public sealed record CertificateRecord(
    Guid WebsiteId,
    string? WebsiteName,
    string WebsiteUrl,
    DateTime ExpiresAt,
    string Subject,
    string Issuer,
    string[] Names,
    DateTime SeenAt,
    Guid ValidatorId,
    int? WarnedDays);
