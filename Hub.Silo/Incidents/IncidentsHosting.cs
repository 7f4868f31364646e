using Uptime.Grains;

namespace Uptime.Hub.Incidents;

public static class IncidentsHosting
{
    /// <summary>The incidents in PostgreSQL: the log the website grains write to and the API's reads.</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddSingleton<IncidentRepository>();
        services.AddSingleton<IncidentQueries>();
        services.AddSingleton<IIncidentLog, PostgresIncidentLog>();
        return services;
    }
}
