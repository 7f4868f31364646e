using Uptime.Hub.Hosting;
using Uptime.Settings;

namespace Uptime.Hub.Canaries;

public static class CanaryHosting
{
    /// <summary>The canaries, and the rounds this silo sends its validators.</summary>
    public static IServiceCollection AddCanaries(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<CanaryOptions>();
        services.AddSingleton<CanaryTargets>();
        services.AddHostedSingleton<CanaryScheduler>();
        return services;
    }
}
