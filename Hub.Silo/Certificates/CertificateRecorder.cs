using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;
using Uptime.Hub.Database;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Certificates;

/// <summary>
/// Keeps each HTTPS website's certificate as validators last saw it (<c>website_certificates</c>). Ticks bring certificate
/// facts after full handshakes; a certificate already written is written again only when it changed or an hour passed
/// (so <c>seen_at</c> stays fresh without a write per tick). Writes are batched, once a second. A new certificate (another
/// expiry) starts its expiry warnings afresh; the warnings a written batch makes due are written right after it (a website
/// first seen 5 days before its certificate expires is warned within a second). Names are DNS names, so a line break can
/// join them for one text[] parameter.
/// </summary>
public sealed partial class CertificateRecorder(
    NpgsqlDataSource dataSource, CertificateWarnings warnings, TimeProvider time, ILogger<CertificateRecorder> logger) : BackgroundService
{
    public static readonly TimeSpan RewriteAfter = TimeSpan.FromHours(1);

    private const int QueueCapacity = 10_000;

    private const string UpsertSql = """
        INSERT INTO website_certificates AS c (website_id, expires_at, subject, issuer, names, validator_id, seen_at)
        SELECT u.website_id, u.expires_at, u.subject, u.issuer, string_to_array(u.names, E'\n'), u.validator_id, u.seen_at
        FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::timestamptz[])
            AS u(website_id, expires_at, subject, issuer, names, validator_id, seen_at)
        WHERE EXISTS (SELECT 1 FROM websites w WHERE w.id = u.website_id)
        ON CONFLICT (website_id) DO UPDATE SET
            expires_at = EXCLUDED.expires_at, subject = EXCLUDED.subject, issuer = EXCLUDED.issuer, names = EXCLUDED.names,
            validator_id = EXCLUDED.validator_id, seen_at = EXCLUDED.seen_at,
            warned_days = CASE WHEN c.expires_at = EXCLUDED.expires_at THEN c.warned_days END
        """;

    private readonly Channel<Seen> _queue = Channel.CreateBounded<Seen>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly ConcurrentDictionary<Guid, Written> _written = new();

    /// <summary>Notes a certificate a validator saw for a website; cheap when nothing changed.</summary>
    public void Saw(Guid websiteId, Guid validatorId, CertificateFacts certificate)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_written.TryGetValue(websiteId, out var written) && written.ExpiresAt == certificate.ExpiresAt && now - written.At < RewriteAfter)
        {
            return;
        }

        _written[websiteId] = new Written(certificate.ExpiresAt, now);
        _queue.Writer.TryWrite(new Seen(websiteId, validatorId, certificate, now));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<Guid, Seen>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                while (_queue.Reader.TryRead(out var seen))
                {
                    batch[seen.WebsiteId] = seen;
                }

                await WriteAsync(batch.Values, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(IReadOnlyCollection<Seen> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(UpsertSql);
            command.Parameters.Add(new() { Value = batch.Select(s => s.WebsiteId).ToArray() });
            command.Parameters.Add(new() { Value = batch.Select(s => s.Certificate.ExpiresAt).ToArray() });
            command.Parameters.Add(new() { Value = batch.Select(s => s.Certificate.Subject).ToArray() });
            command.Parameters.Add(new() { Value = batch.Select(s => s.Certificate.Issuer).ToArray() });
            command.Parameters.Add(new() { Value = batch.Select(s => string.Join('\n', s.Certificate.Names)).ToArray() });
            command.Parameters.Add(new() { Value = batch.Select(s => s.ValidatorId).ToArray() });
            command.Parameters.Add(new() { Value = batch.Select(s => s.At).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Seen again with a later tick: forget what was written so the next sighting is written.
            foreach (var seen in batch)
            {
                _written.TryRemove(seen.WebsiteId, out _);
            }

            LogWriteFailed(logger, batch.Count, Reason(e));
            return;
        }

        try
        {
            await warnings.WarnAsync([.. batch.Select(s => s.WebsiteId)], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarnFailed(logger, batch.Count, Reason(e));
        }
    }

    /// <summary>Why a batch failed: the database being away is expected and said in words; anything else is told in full.</summary>
    private static string Reason(Exception e) => DatabaseUnavailable.Explain(e) ?? e.ToString();

    private readonly record struct Seen(Guid WebsiteId, Guid ValidatorId, CertificateFacts Certificate, DateTime At);

    private readonly record struct Written(DateTime ExpiresAt, DateTime At);

    [LoggerMessage(8101, LogLevel.Warning, "Recording {Count} certificates failed: {Reason}; they are recorded when seen again")]
    private static partial void LogWriteFailed(ILogger logger, int count, string reason);

    [LoggerMessage(8102, LogLevel.Warning, "Checking {Count} certificates for expiry warnings failed: {Reason}; the periodic scan checks them again")]
    private static partial void LogWarnFailed(ILogger logger, int count, string reason);
}
