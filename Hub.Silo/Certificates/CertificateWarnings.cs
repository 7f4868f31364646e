using Npgsql;
using Uptime.Hub.Notifications;
using Uptime.Hub.Notifications.Outbox;

namespace Uptime.Hub.Certificates;

/// <summary>
/// Announces certificates about to expire: for each recorded certificate of an enabled website whose whole days left
/// reached a threshold of <see cref="CertificateWarningOptions.Days"/> not yet announced for it, one <c>certificate</c>
/// notification event (the tightest threshold crossed only). The event and <c>website_certificates.warned_days</c> are
/// written in one transaction, the update conditional on the row still being the certificate and the warned threshold
/// that were read: when two silos race, the second one's update waits for the first, then finds the row changed, updates
/// nothing and writes no event. A renewed certificate (another expiry) has its <c>warned_days</c> cleared by the
/// <see cref="CertificateRecorder"/> and starts over. A deleted website's certificate row is gone with it.
/// </summary>
public sealed partial class CertificateWarnings(
    NpgsqlDataSource dataSource, CertificateWarningOptions options, TimeProvider time, ILogger<CertificateWarnings> logger)
{
    /// <summary>
    /// The certificates due a warning at $1 (now) for the thresholds $2: not expired, and expiring before the next threshold
    /// below the one already warned ends (whole days left ≤ t ⟺ expires_at &lt; now + t + 1 days).
    /// </summary>
    private const string SelectDue = """
        SELECT c.website_id, c.expires_at, c.warned_days
        FROM website_certificates c JOIN websites w ON w.id = c.website_id
        WHERE w.enabled AND c.expires_at > $1
          AND c.expires_at < $1 + make_interval(hours => 24 * (1 + (
              SELECT max(t) FROM unnest($2::integer[]) t WHERE t < COALESCE(c.warned_days, 2147483647))))
        """;

    private const string MarkWarned = """
        UPDATE website_certificates c SET warned_days = $4
        FROM websites w
        WHERE c.website_id = $1 AND w.id = c.website_id AND w.enabled AND c.expires_at = $2 AND c.warned_days IS NOT DISTINCT FROM $3
        RETURNING w.name, w.url, w.tags, c.subject, c.issuer, c.names
        """;

    /// <summary>Writes the warnings due now, of every certificate or of <paramref name="websiteIds"/>'; how many.</summary>
    public async Task<int> WarnAsync(IReadOnlyCollection<Guid>? websiteIds, CancellationToken cancellationToken)
    {
        if (options.Days.Length == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var warned = 0;
        foreach (var (websiteId, expiresAt, warnedDays) in await DueAsync(websiteIds, now, cancellationToken))
        {
            if (CertificateThresholds.Due(expiresAt, now, warnedDays, options.Days) is { } threshold
                && await WarnOnceAsync(websiteId, expiresAt, warnedDays, threshold, now, cancellationToken))
            {
                warned++;
            }
        }

        return warned;
    }

    private async Task<List<(Guid WebsiteId, DateTime ExpiresAt, int? WarnedDays)>> DueAsync(
        IReadOnlyCollection<Guid>? websiteIds, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(websiteIds is null ? SelectDue : SelectDue + " AND c.website_id = ANY ($3)");
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = options.Days });
        if (websiteIds is not null)
        {
            command.Parameters.Add(new() { Value = websiteIds.ToArray() });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<(Guid, DateTime, int?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add((reader.GetGuid(0), reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)));
        }

        return due;
    }

    /// <summary>Marks the threshold warned and writes its event, unless another silo (or a renewal) changed the row first.</summary>
    private async Task<bool> WarnOnceAsync(Guid websiteId, DateTime expiresAt, int? warnedDays, int threshold, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        NotificationPayload payload;
        await using (var mark = new NpgsqlCommand(MarkWarned, connection, transaction))
        {
            mark.Parameters.Add(new() { Value = websiteId });
            mark.Parameters.Add(new() { Value = expiresAt });
            mark.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = warnedDays, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            mark.Parameters.Add(new() { Value = threshold });
            await using var reader = await mark.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            var certificate = new NotificationCertificate(
                expiresAt, CertificateView.DaysUntil(expiresAt, now), threshold, reader.GetString(3), reader.GetString(4), reader.GetFieldValue<string[]>(5));
            payload = new NotificationPayload(
                NotificationEventKind.Certificate, now, null, websiteId, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1),
                reader.GetFieldValue<string[]>(2), null, null, null, null, null, null, null, null, [], certificate);
        }

        await NotificationOutbox.AddCertificateAsync(connection, transaction, payload, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogWarned(logger, payload.WebsiteUrl!, threshold, payload.Certificate!.DaysLeft);
        return true;
    }

    [LoggerMessage(8111, LogLevel.Information, "Certificate of {Url} expires in {DaysLeft} days: {Threshold}-day warning written")]
    private static partial void LogWarned(ILogger logger, string url, int threshold, int daysLeft);
}
