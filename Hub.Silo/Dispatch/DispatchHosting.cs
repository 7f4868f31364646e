using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Database;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Dispatch;

public static class DispatchHosting
{
    /// <summary>
    /// Check tokens, the directory of silos that checks are relayed to, the dispatcher the website grains hand their
    /// checks to, and the keeper that activates every enabled website.
    /// </summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CheckTokens(HubSecrets.LoadOrCreateAsync(
            sp.GetRequiredService<NpgsqlDataSource>(), CheckTokens.SecretName, CancellationToken.None).GetAwaiter().GetResult()));
        services.AddHostedSingleton<SiloDirectoryUpdater>();
        services.AddSingleton<SiloActivity>();
        services.AddHostedSingleton<CheckDispatcher>();
        services.AddSingleton<ICheckDispatcher>(sp => sp.GetRequiredService<CheckDispatcher>());
        services.AddHostedService<WebsiteKeeper>();
        return services;
    }
}
