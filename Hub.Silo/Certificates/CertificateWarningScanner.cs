using Uptime.Hub.Database;

namespace Uptime.Hub.Certificates;

/// <summary>
/// Every silo, every <see cref="Period"/>: the certificate warnings that days passing made due, for websites whose
/// certificate is not written again meanwhile (the recorder checks those it writes at once). Silos scanning together write
/// each warning once (<see cref="CertificateWarnings"/>).
/// </summary>
public sealed partial class CertificateWarningScanner(CertificateWarnings warnings, TimeProvider time, ILogger<CertificateWarningScanner> logger)
    : BackgroundService
{
    /// <summary>A threshold is a whole day; five minutes late is early enough, and one indexed query per silo is cheap.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await warnings.WarnAsync(null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseUnavailable.Explain(e) is { } reason)
            {
                LogDatabaseUnavailable(logger, reason);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogScanFailed(logger, e);
            }

            await Task.Delay(Period, time, stoppingToken);
        }
    }

    [LoggerMessage(8112, LogLevel.Warning, "Certificate warnings wait for the database: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(8113, LogLevel.Error, "A certificate warning scan failed; the next scan tries again")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
