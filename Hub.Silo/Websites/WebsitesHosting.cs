using Uptime.Grains;
using Uptime.Settings;

namespace Uptime.Hub.Websites;

public static class WebsitesHosting
{
    /// <summary>The website catalogue in PostgreSQL, its listing and the rule for which URLs may be monitored.</summary>
    public static IServiceCollection AddWebsites(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<WebsiteTargetsOptions>();
        services.AddSingleton<PostgresWebsiteCatalog>();
        services.AddSingleton<IWebsiteCatalog>(sp => sp.GetRequiredService<PostgresWebsiteCatalog>());
        services.AddSingleton<PostgresStatusChangeLog>();
        services.AddSingleton<WebsiteRepository>();
        services.AddSingleton<WebsiteListing>();
        services.AddSingleton<LiveSnapshots>();
        services.AddSingleton(sp => new WebsiteTargets(sp.GetRequiredService<WebsiteTargetsOptions>()));
        return services;
    }
}
