using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Uptime.Hub.Access;
using Uptime.Hub.Canaries;
using Uptime.Hub.Certificates;
using Uptime.Hub.Database;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Incidents;
using Uptime.Hub.Live;
using Uptime.Hub.Maintenance;
using Uptime.Hub.Notifications;
using Uptime.Hub.Observability;
using Uptime.Hub.Push;
using Uptime.Hub.Stats;
using Uptime.Hub.Ticks;
using Uptime.Hub.Validators;
using Uptime.Hub.Verdicts;
using Uptime.Hub.Websites;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>Registration and request pipeline of the hub, so that Program.cs reads as a table of contents.</summary>
public static class HubHosting
{
    /// <summary>
    /// Registers every feature with its settings; nothing is read yet: the settings are bound from the environment and
    /// validated when the built hub is checked (<see cref="HubStartup.TryBuild"/>).
    /// </summary>
    public static WebApplicationBuilder AddUptimeHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddEnvironmentSettings<HubOptions>();
        services.AddEnvironmentSettings<TlsOptions>().PostConfigure(TlsCertificateFile.LoadInto);
        services.AddOptions<KestrelServerOptions>().Configure<HubOptions, TlsOptions>((kestrel, hub, tls) =>
            // One port for everything: https and wss with a certificate, http and ws without.
            kestrel.Listen(hub.ListenIp, hub.HttpPort, listen =>
            {
                if (tls.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            }));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(15));

        // The silo first: hosted services start in registration order and stop in reverse, so the silo is
        // active before the gateway publishes itself and still running while the tick writer flushes.
        builder.AddUptimeSilo();
        services.AddSingleton(TimeProvider.System);
        services.AddHubDatabase();
        services.AddWebsites();
        services.AddPush();
        services.AddMaintenance();
        services.AddVerdicts();
        services.AddIncidents();
        services.AddNotificationChannels();
        services.AddNotificationApi();
        services.AddNotificationDelivery();
        services.AddStats();
        services.AddLive();
        services.AddCertificates();
        services.AddTicks();
        services.AddDispatch();
        services.AddValidators();
        services.AddCanaries();
        builder.AddObservability();
        services.AddApiAccess();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = UnknownRoute.Describe);
        services.AddValidation();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOptions<ForwardedHeadersOptions>().Configure<HubOptions>((forwarded, hub) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in hub.TrustedProxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }
        });
        return builder;
    }

    public static WebApplication MapUptimeHub(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseValidatorSockets();
        app.UseApiAccess();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var api = app.MapGroup("").RequireApiAccess().ExplainMalformedParameters();
        api.MapWebsitesApi();
        api.MapPushTokenApi();
        api.MapMaintenanceApi();
        api.MapIncidentsApi();
        api.MapNotificationsApi();
        api.MapValidatorsApi();
        api.MapStatsApi();
        api.MapCertificatesApi();
        api.MapDashboardApi();
        api.MapEventsApi();
        app.MapSessionApi();
        app.MapPushApi();
        app.MapCanary();
        app.MapObservability();
        return app;
    }
}
