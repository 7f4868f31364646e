using Microsoft.Extensions.Options;
using Uptime.Settings;

namespace Uptime.Hub.Database;

public static class DatabaseHosting
{
    /// <summary>
    /// <c>DATABASE_URL</c>, the one PostgreSQL data source every feature's storage uses, and the 503 of a request that
    /// failed because PostgreSQL is unavailable (<see cref="DatabaseUnavailableHandler"/>), unless the read's last answer is
    /// kept (<see cref="LastAnswers{TKey, TValue}"/>, one per key and value type).
    /// </summary>
    public static IServiceCollection AddHubDatabase(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<DatabaseOptions>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddSingleton(typeof(LastAnswers<,>));
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidation>();
        return services.AddSingleton(sp => HubDataSource.Create(sp.GetRequiredService<DatabaseOptions>().ConnectionString));
    }
}
