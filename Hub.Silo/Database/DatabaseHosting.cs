using Microsoft.Extensions.Options;
using Uptime.Settings;

namespace Uptime.Hub.Database;

public static class DatabaseHosting
{
    /// <summary><c>DATABASE_URL</c> and the one PostgreSQL data source every feature's storage uses.</summary>
    public static IServiceCollection AddHubDatabase(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<DatabaseOptions>();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidation>();
        return services.AddSingleton(sp => HubDataSource.Create(sp.GetRequiredService<DatabaseOptions>().ConnectionString));
    }
}
