using Uptime.Grains;
using Uptime.Settings;

namespace Uptime.Hub.Verdicts;

public static class VerdictsHosting
{
    /// <summary>The confirmation budget the website grains ask before sending a confirmation round.</summary>
    public static IServiceCollection AddVerdicts(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<ConfirmationOptions>();
        services.AddSingleton<IConfirmationBudget, ConfirmationBudget>();
        return services;
    }
}
