using Microsoft.AspNetCore.HttpOverrides;
using Uptime.Hub.Access;
using Uptime.Hub.Database;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Live;
using Uptime.Hub.Observability;
using Uptime.Hub.Stats;
using Uptime.Hub.Ticks;
using Uptime.Hub.Validators;
using Uptime.Hub.Websites;

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
        if (hub.ValidatorSecurity.Certificate is { } certificate)
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
        services.AddHubDatabase(hub);
        services.AddWebsites(hub);
        services.AddStats();
        services.AddLive();
        services.AddTicks();
        services.AddDispatch();
        services.AddValidators();
        builder.AddObservability(hub);
        builder.AddApiAccess(hub);
        services.AddProblemDetails();
        services.AddValidation();
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
        app.UseValidatorSockets();
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
}
