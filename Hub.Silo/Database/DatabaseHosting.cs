using Uptime.Hub.Hosting;

namespace Uptime.Hub.Database;

public static class DatabaseHosting
{
    /// <summary>The one PostgreSQL data source every feature's storage uses.</summary>
    public static IServiceCollection AddHubDatabase(this IServiceCollection services, HubOptions hub) =>
        services.AddSingleton(_ => HubDataSource.Create(hub.ConnectionString));
}
