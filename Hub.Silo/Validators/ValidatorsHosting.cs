using Uptime.Grains;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Validators;

public static class ValidatorsHosting
{
    /// <summary>The validator sockets of this silo, their limits, and the validator rows in PostgreSQL.</summary>
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        services.AddSingleton<IValidatorStore, PostgresValidatorStore>();
        services.AddSingleton<ValidatorRepository>();
        services.AddSingleton<LocalValidators>();
        services.AddSingleton<ConnectionLimits>();
        services.AddSingleton<ConnectionServices>();
        services.AddHostedSingleton<ActiveWebsiteCount>();
        return services;
    }
}
