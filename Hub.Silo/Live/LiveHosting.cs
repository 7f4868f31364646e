using Uptime.Grains;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Live;

public static class LiveHosting
{
    /// <summary>The dashboard's event streams, fed by this silo's ticks, status and incident changes and by the other silos.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveStreams>();
        services.AddHostedSingleton<LiveFeed>();
        services.AddSingleton<ILiveIncidents>(sp => sp.GetRequiredService<LiveFeed>());
        services.AddSingleton<IStatusChangeLog, AnnouncedStatusChangeLog>();
        return services;
    }
}
