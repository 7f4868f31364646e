using Microsoft.AspNetCore.RateLimiting;

namespace Uptime.Hub.Push;

public static class PushHosting
{
    /// <summary>Push monitors' tokens and URLs and the push endpoint's rate limit.</summary>
    public static IServiceCollection AddPush(this IServiceCollection services)
    {
        services.AddSingleton<PushTokens>();
        services.AddSingleton<PushUrls>();
        services.AddOptions<RateLimiterOptions>().Configure(options => options.AddPolicy<string, PushRateLimit>(PushRateLimit.Name));
        return services;
    }
}
