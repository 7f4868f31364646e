namespace Uptime.Hub.Hosting;

public static class HostedSingletons
{
    /// <summary>
    /// Registers <typeparamref name="T"/> once, as a singleton other services can depend on and as a hosted service.
    /// Hosted services start in registration order and stop in reverse.
    /// </summary>
    public static IServiceCollection AddHostedSingleton<T>(this IServiceCollection services)
        where T : class, IHostedService
    {
        services.AddSingleton<T>();
        return services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
