using Microsoft.AspNetCore.HttpOverrides;
using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Apis;
using Uptime.Hub.Configuration;
using Uptime.Hub.Gateway;
using Uptime.Hub.Live;
using Uptime.Hub.Observability;
using Uptime.Hub.Persistence;
using Uptime.Hub.Security;
using Uptime.Hub.Stats;

namespace Uptime.Hub.Hosting;

/// <summary>Registration and request pipeline of the hub, so that Program.cs reads as a table of contents.</summary>
public static class HubHosting
{
    public static WebApplicationBuilder AddUptimeHub(this WebApplicationBuilder builder, HubOptions hub)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        if (hub.Gateway.Certificate is { } certificate)
        {
            // One port for everything, as without TLS: https for the API and dashboard, wss for validators.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(hub.ListenIp, hub.HttpPort, listen => listen.UseHttps(certificate)));
        }
        else
        {
            builder.WebHost.UseUrls($"http://{hub.ListenIp}:{hub.HttpPort}");
        }

        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(15));

        // The silo first: hosted services start in registration order and stop in reverse, so the silo is
        // active before the gateway publishes itself and still running while the tick writer flushes.
        builder.AddUptimeSilo(hub);
        var services = builder.Services;
        services.AddSingleton(hub);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => HubDataSource.Create(hub.ConnectionString));
        services.AddSingleton<HubCounters>();
        services.AddSingleton<PostgresWebsiteCatalog>();
        services.AddSingleton<IWebsiteCatalog>(sp => sp.GetRequiredService<PostgresWebsiteCatalog>());
        services.AddSingleton<IValidatorStore, PostgresValidatorStore>();
        services.AddSingleton<PostgresStatusChangeLog>();
        services.AddSingleton<IStatusChangeLog, AnnouncedStatusChangeLog>();
        services.AddSingleton<StatsRepository>();
        services.AddSingleton<LiveStreams>();
        services.AddHostedSingleton<LiveFeed>();
        services.AddHostedService<RetentionService>();
        services.AddSingleton<WebsiteRepository>();
        services.AddSingleton<WebsiteListing>();
        services.AddSingleton(new WebsiteTargets(hub));
        services.AddSingleton<ValidatorRepository>();
        services.AddSingleton<LocalConnections>();
        services.AddSingleton<GatewayLimits>();
        services.AddSingleton(sp => new CheckTokens(HubSecrets.LoadOrCreateAsync(
            sp.GetRequiredService<NpgsqlDataSource>(), CheckTokens.SecretName, CancellationToken.None).GetAwaiter().GetResult()));
        services.AddSingleton<GatewayServices>();
        services.AddHostedSingleton<TickWriter>();
        services.AddHostedSingleton<GatewayPublisher>();
        services.AddHostedSingleton<CheckDispatcher>();
        services.AddSingleton<ICheckDispatcher>(sp => sp.GetRequiredService<CheckDispatcher>());
        services.AddHostedSingleton<ActiveWebsiteCount>();
        services.AddHostedService<WebsiteKeeper>();
        services.AddHostedService<StatsReporter>();
        builder.AddObservability(hub);
        builder.AddApiAccess(hub);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in hub.TrustedProxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        return builder;
    }

    public static WebApplication MapUptimeHub(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseStatusCodePages();
        app.UseValidatorGateway();
        app.UseApiAccess();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var api = app.MapGroup("").RequireApiAccess();
        api.MapWebsitesApi();
        api.MapValidatorsApi();
        api.MapStatsApi();
        api.MapDashboardApi();
        api.MapEventsApi();
        app.MapSessionApi();
        app.MapObservability();
        return app;
    }

    private static void AddHostedSingleton<T>(this IServiceCollection services)
        where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
