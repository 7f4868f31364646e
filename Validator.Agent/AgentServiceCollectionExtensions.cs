using Microsoft.Extensions.DependencyInjection.Extensions;
using Uptime.Agent.Checks;
using Uptime.Agent.Checks.Dns;
using Uptime.Agent.Checks.Tcp;
using Uptime.Agent.Checks.Tls;
using Uptime.Agent.Configuration;
using Uptime.Agent.Hub;
using Uptime.Agent.Keys;
using Uptime.Agent.Ticks;
using Uptime.Security;

namespace Uptime.Agent;

internal static class AgentServiceCollectionExtensions
{
    /// <summary>Adds the hub connection, heartbeats, check workers and tick delivery of a validator agent, which read <see cref="AgentOptions"/>.</summary>
    /// <remarks>
    /// Hosted services stop in reverse order: the check workers first (no tick is produced after), then heartbeats,
    /// then the hub connection (after waiting for pending acknowledgements), then the stats line with the final
    /// counters, and last the tick log, which flushes every line.
    /// </remarks>
    public static IServiceCollection AddValidatorAgent(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HostSlots>();
        services.AddSingleton<CheckQueue>();
        services.TryAddSingleton(sp => TargetDialer.For(sp.GetRequiredService<AgentOptions>().AllowPrivateTargets));
        services.AddSingleton<WebsiteChecker>();
        services.AddSingleton<TcpChecker>();
        services.AddSingleton<DnsChecker>();
        services.AddSingleton<CheckRunner>();
        services.AddSingleton<ITlsSessionPolicy>(sp =>
        {
            var options = sp.GetRequiredService<AgentOptions>();
            return options.TlsFullHandshakeMinutes == 0 ? new FullHandshakes() : new ResumingTlsSessions(options, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<TickBuffer>();
        services.AddSingleton<TickLog>();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TickSigner>();
        services.AddSingleton<HubOutbox>();
        services.AddSingleton<LastCheckFrame>();
        services.AddSingleton<HubMessageHandler>();
        services.AddHostedService(provider => provider.GetRequiredService<TickLog>());
        services.AddHostedService<TickStatsService>();
        services.AddHostedService<HubConnectionService>();
        services.AddHostedService<HeartbeatService>();
        services.AddHostedService<CheckWorkers>();
        return services;
    }
}
