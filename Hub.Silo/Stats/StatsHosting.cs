namespace Uptime.Hub.Stats;

public static class StatsHosting
{
    /// <summary>Uptime and latency figures read from the rollups, timing phases from the ticks.</summary>
    public static IServiceCollection AddStats(this IServiceCollection services) =>
        services.AddSingleton<StatsRepository>().AddSingleton<PhaseStatsRepository>();
}
