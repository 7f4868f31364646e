using Uptime.Hub.Hosting;
using Uptime.Settings;

namespace Uptime.Hub.Ticks;

public static class TicksHosting
{
    /// <summary>The batched tick writer (also the rollups) and the retention of old ticks.</summary>
    public static IServiceCollection AddTicks(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<RetentionOptions>();
        services.AddHostedService<RetentionService>();
        services.AddHostedSingleton<TickWriter>();
        return services;
    }
}
