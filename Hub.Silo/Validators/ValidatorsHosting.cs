using Microsoft.Extensions.Options;
using Uptime.Grains;
using Uptime.Hub.Hosting;
using Uptime.Settings;

namespace Uptime.Hub.Validators;

public static class ValidatorsHosting
{
    /// <summary>
    /// The validator sockets of this silo, their security settings and limits, the validator rows in PostgreSQL, and this
    /// silo's roster of the online validators that the website grains target.
    /// </summary>
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        // Before the variables are bound, so that VALIDATOR_AUTH, when set, wins over the Development default.
        services.AddOptions<ValidatorSecurityOptions>().Configure<IHostEnvironment>((options, environment) =>
        {
            if (environment.IsDevelopment())
            {
                options.Auth = ValidatorAuthMode.None;
            }
        });
        services.AddEnvironmentSettings<ValidatorSecurityOptions>();
        services.AddSingleton<IValidateOptions<ValidatorSecurityOptions>, ValidatorSecurityOptionsValidation>();
        services.AddSingleton<IValidatorStore, PostgresValidatorStore>();
        services.AddSingleton<ValidatorRepository>();
        services.AddSingleton<LocalValidators>();
        services.AddEnvironmentSettings<ValidatorRosterOptions>();
        services.AddHostedSingleton<PostgresValidatorRoster>();
        services.AddSingleton<IValidatorRoster>(sp => sp.GetRequiredService<PostgresValidatorRoster>());
        services.AddSingleton<ConnectionLimits>();
        services.AddSingleton<ConnectionServices>();
        services.AddHostedSingleton<ActiveWebsiteCount>();
        return services;
    }
}
