using Uptime.Hub.Hosting;

namespace Uptime.Hub.Maintenance;

/// <summary>How each silo keeps its copy of the maintenance windows (<see cref="MaintenanceCalendar"/>).</summary>
public sealed class MaintenanceOptions
{
    /// <summary>
    /// Period of each silo's reading of the windows from PostgreSQL: a window written through another silo takes effect here
    /// within this (one written through this silo at once).
    /// </summary>
    [ConfigurationKeyName("HUB_MAINTENANCE_REFRESH_SECONDS"), SecondsSetting(1, 300)]
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
