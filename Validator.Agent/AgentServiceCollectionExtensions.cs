using Microsoft.Extensions.DependencyInjection.Extensions;
using Uptime.Agent.Checks;
using Uptime.Agent.Configuration;
using Uptime.Agent.Hub;

namespace Uptime.Agent;

internal static class AgentServiceCollectionExtensions
{
    /// <summary>Adds the hub connection, heartbeats and check workers of a validator agent.</summary>
    public static IServiceCollection AddValidatorAgent(this IServiceCollection services, AgentOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<CheckQueue>();
        services.AddSingleton<WebsiteChecker>();
        services.AddSingleton<HubOutbox>();
        services.AddSingleton<HubMessageHandler>();
        services.AddHostedService<CheckWorkers>();
        services.AddHostedService<HeartbeatService>();
        services.AddHostedService<HubConnectionService>();
        return services;
    }
}
