using Npgsql;

namespace Uptime.Hub.Validators;

/// <summary>The number of enabled websites, for HEARTBEAT_ACK; refreshed from PostgreSQL every few seconds.</summary>
public sealed partial class ActiveWebsiteCount(NpgsqlDataSource dataSource, ILogger<ActiveWebsiteCount> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(10);

    private int _value;

    public int Value => Volatile.Read(ref _value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshPeriod);
        do
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT count(*) FROM websites WHERE enabled");
                Volatile.Write(ref _value, Convert.ToInt32(await command.ExecuteScalarAsync(stoppingToken)));
            }
            catch (NpgsqlException e)
            {
                LogRefreshFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(3301, LogLevel.Warning, "Counting active websites failed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
