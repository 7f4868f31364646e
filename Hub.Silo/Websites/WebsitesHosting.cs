using Uptime.Grains;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Websites;

public static class WebsitesHosting
{
    /// <summary>The website catalogue in PostgreSQL, its listing and the rule for which URLs may be monitored.</summary>
    public static IServiceCollection AddWebsites(this IServiceCollection services, HubOptions hub)
    {
        services.AddSingleton<PostgresWebsiteCatalog>();
        services.AddSingleton<IWebsiteCatalog>(sp => sp.GetRequiredService<PostgresWebsiteCatalog>());
        services.AddSingleton<PostgresStatusChangeLog>();
        services.AddSingleton<WebsiteRepository>();
        services.AddSingleton<WebsiteListing>();
        services.AddSingleton(new WebsiteTargets(hub));
        return services;
    }
}
