using Uptime.Grains;
using Uptime.Hub.Hosting;
using Uptime.Settings;

namespace Uptime.Hub.Maintenance;

public static class MaintenanceHosting
{
    /// <summary>The maintenance windows in PostgreSQL and this silo's copy of them that the website grains ask.</summary>
    public static IServiceCollection AddMaintenance(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<MaintenanceOptions>();
        services.AddSingleton<MaintenanceRepository>();
        services.AddHostedSingleton<MaintenanceCalendar>();
        services.AddSingleton<IMaintenanceCalendar>(sp => sp.GetRequiredService<MaintenanceCalendar>());
        return services;
    }
}
